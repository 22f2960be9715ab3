package dev.asyncapi.client;

/**
 * The {@code Idempotency-Key} of a submit was already used by this caller with another job type or payload
 * ({@code 422 idempotency-conflict}). Nothing was stored.
 */
public final class IdempotencyConflictException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public IdempotencyConflictException(Problem problem) {
        super(problem);
    }
}
