package dev.asyncapi.client;

import java.net.URI;
import java.util.Objects;

/**
 * The server answered with an error: an RFC 9457 problem (or an error answer that was not one, see
 * {@link Problem}). The subtypes are the conditions a caller can act on; any other problem (a 415, a 500, a
 * proxy's 502) is this type itself.
 */
public class ProblemException extends AsyncJobsClientException {

    private static final long serialVersionUID = 1L;

    /** The problem's {@code type}. */
    private final URI type;
    /** The problem's {@code title}. */
    private final String title;
    /** The problem's {@code status}. */
    private final int status;
    /** The problem's {@code detail}. */
    private final String detail;

    /**
     * Creates the exception for a problem answer.
     *
     * @param problem what the server answered
     * @throws NullPointerException if {@code problem} is null
     */
    public ProblemException(Problem problem) {
        this(problem, "");
    }

    /**
     * Creates the exception for a problem answer, with a note a subtype appends to the message.
     *
     * @param problem what the server answered
     * @param note    appended to the message as it is; empty for none
     * @throws NullPointerException if {@code problem} or {@code note} is null
     */
    protected ProblemException(Problem problem, String note) {
        super(message(Objects.requireNonNull(problem, "problem cannot be null"),
                Objects.requireNonNull(note, "note cannot be null")));
        this.type = problem.type();
        this.title = problem.title();
        this.status = problem.status();
        this.detail = problem.detail();
    }

    private static String message(Problem problem, String note) {
        String title = problem.title().isEmpty() ? "HTTP error" : problem.title();
        String detail = problem.detail().isEmpty() ? "" : ": " + problem.detail();
        return title + " (" + problem.status() + ", " + problem.type() + ")" + detail + note;
    }

    /**
     * Returns the problem as the server answered it.
     *
     * @return the problem
     */
    public Problem problem() {
        return new Problem(type, title, status, detail);
    }

    /**
     * Returns the problem's {@code type} URI.
     *
     * @return e.g. {@code https://asyncapi.dev/problems/job-not-found}
     */
    public URI type() {
        return type;
    }

    /**
     * Returns the problem's {@code title}.
     *
     * @return the title, empty if the answer had none
     */
    public String title() {
        return title;
    }

    /**
     * Returns the HTTP status of the answer.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * Returns the problem's {@code detail}.
     *
     * @return the detail, empty if the answer had none
     */
    public String detail() {
        return detail;
    }
}
