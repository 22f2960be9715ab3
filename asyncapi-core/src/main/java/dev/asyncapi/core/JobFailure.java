package dev.asyncapi.core;

import java.util.Objects;

/**
 * Why a job failed or was terminated: a stable machine-readable code and a human-readable message.
 *
 * <p>Never holds a stack trace, and the messages the engine records never name a Java type: a failure
 * recorded from an arbitrary handler exception says only that the handler failed, because exception
 * messages can carry secrets and class names tell callers about the server's code; the exception itself
 * goes to the engine's log. A handler that wants callers to see a specific message throws
 * {@link JobFailedException}.
 *
 * @param code    a stable code such as {@value #HANDLER_FAILED}; not blank
 * @param message a human-readable explanation; not null
 */
public record JobFailure(String code, String message) {

    /** Code of a failure raised by a handler with an exception other than {@link JobFailedException}. */
    public static final String HANDLER_FAILED = "HandlerFailed";
    /** Code of a job that ran past its type's timeout. */
    public static final String TIMED_OUT = "TimedOut";
    /** Code of a job whose output could not be serialized to JSON. */
    public static final String OUTPUT_NOT_SERIALIZABLE = "OutputNotSerializable";
    /** Code of a job whose output is larger than the store accepts. */
    public static final String OUTPUT_TOO_LARGE = "OutputTooLarge";
    /** Code of a job whose stored input no longer binds to its handler's input class. */
    public static final String INPUT_NOT_BINDABLE = "InputNotBindable";
    /** Code recorded on a terminated job. */
    public static final String TERMINATED = "Terminated";

    /**
     * Validates the components.
     *
     * @param code    a stable code; not blank
     * @param message a human-readable explanation; not null
     * @throws NullPointerException     if {@code code} or {@code message} is null
     * @throws IllegalArgumentException if {@code code} is blank
     */
    public JobFailure {
        Objects.requireNonNull(code, "failure code cannot be null");
        Objects.requireNonNull(message, "failure message cannot be null");
        if (code.isBlank()) {
            throw new IllegalArgumentException("failure code cannot be blank");
        }
    }
}
