package dev.asyncapi.client;

/**
 * The server refused a submit's input ({@code 400}): the body is not well-formed JSON ({@code malformed-json}) or
 * does not fit the job type's input ({@code invalid-input}). Nothing was stored; sending it again fails again.
 */
public final class InvalidInputException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public InvalidInputException(Problem problem) {
        super(problem);
    }
}
