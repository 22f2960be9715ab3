package dev.asyncapi.client;

import java.util.Objects;

/**
 * Why a job failed or was terminated, as the server recorded it.
 *
 * @param code    a stable, machine-readable code such as {@code HandlerFailed}, {@code TimedOut},
 *                {@code Terminated} or one a handler chose
 * @param message a human-readable explanation
 */
public record JobFailure(String code, String message) {

    /**
     * Validates the components.
     *
     * @param code    the code
     * @param message the message
     * @throws NullPointerException if either is null
     */
    public JobFailure {
        Objects.requireNonNull(code, "code cannot be null");
        Objects.requireNonNull(message, "message cannot be null");
    }
}
