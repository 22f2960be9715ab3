package dev.asyncapi.client;

/**
 * A termination reached a job that had already Completed, Failed or been Terminated
 * ({@code 409 job-already-terminal}). The job is unchanged.
 */
public final class JobAlreadyTerminalException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public JobAlreadyTerminalException(Problem problem) {
        super(problem);
    }
}
