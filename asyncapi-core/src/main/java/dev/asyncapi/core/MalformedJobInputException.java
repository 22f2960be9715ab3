package dev.asyncapi.core;

/**
 * A submitted input is not well-formed JSON: it is empty, has a syntax error, data after the value or
 * a property name twice in one object, or goes beyond a parser limit (nesting depth, length of a
 * number, string or name). Nothing was stored. The HTTP layer answers 400 with the
 * {@code malformed-json} problem type.
 *
 * <p>The message names the position (line and column) or the limit and the kind of problem, never a
 * Java type, so it may be shown to the submitter; the parser's exception is the {@linkplain #getCause()
 * cause}, for logs. Well-formed JSON that does not fit the job type's input raises the parent type
 * {@link InvalidJobInputException} instead.
 */
public class MalformedJobInputException extends InvalidJobInputException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where, fit to show to the submitter
     */
    public MalformedJobInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and where, fit to show to the submitter
     * @param cause   the parser's exception
     */
    public MalformedJobInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
