package dev.asyncapi.servlet;

import dev.asyncapi.core.AsyncJobException;

import java.util.Objects;

/**
 * Ends the handling of a request with a {@link Problem}. A {@link RequestMapper} may throw it; the HTTP layer
 * renders the problem with the route's {@link ResponseRenderer}.
 */
public class HttpProblemException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /** The condition of the problem to answer with. */
    private final ProblemType type;
    /** The detail of the problem to answer with, safe to show to the caller. */
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param problem the problem to answer with
     * @throws NullPointerException if {@code problem} is null
     */
    public HttpProblemException(Problem problem) {
        super(Objects.requireNonNull(problem, "problem cannot be null").type().title() + ": " + problem.detail());
        this.type = problem.type();
        this.detail = problem.detail();
    }

    /**
     * Creates the exception.
     *
     * @param type   the condition
     * @param detail what was wrong, safe to show to the caller
     * @throws NullPointerException if an argument is null
     */
    public HttpProblemException(ProblemType type, String detail) {
        this(new Problem(type, detail));
    }

    /**
     * Returns the problem to answer with.
     *
     * @return the problem
     */
    public Problem problem() {
        return new Problem(type, detail);
    }
}
