package dev.asyncapi.client;

/**
 * The server has no handler for the job type of a submit ({@code 404 unknown-job-type}). Nothing was stored.
 */
public final class UnknownJobTypeException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public UnknownJobTypeException(Problem problem) {
        super(problem);
    }
}
