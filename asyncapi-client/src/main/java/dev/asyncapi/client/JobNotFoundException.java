package dev.asyncapi.client;

/**
 * No job with that id is visible to this caller ({@code 404 job-not-found}): the id is unknown or malformed,
 * the job was purged, or it belongs to another principal. The server answers the three alike on purpose.
 */
public final class JobNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public JobNotFoundException(Problem problem) {
        super(problem);
    }
}
