package dev.asyncapi.servlet;

import java.util.Objects;

/**
 * One occurrence of a {@link ProblemType}, with a detail for the caller (never a stack trace or an internal
 * message). A {@link ResponseRenderer} turns it into a response; by default an RFC 9457
 * {@code application/problem+json} body.
 *
 * @param type   the condition
 * @param detail what was wrong with this request, safe to show to the caller
 */
public record Problem(ProblemType type, String detail) {

    /**
     * Creates a problem.
     *
     * @param type   the condition
     * @param detail what was wrong with this request, safe to show to the caller
     * @throws NullPointerException if an argument is null
     */
    public Problem {
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(detail, "detail cannot be null");
    }

    /**
     * Returns the HTTP status of the condition.
     *
     * @return {@code type().status()}
     */
    public int status() {
        return type.status();
    }
}
