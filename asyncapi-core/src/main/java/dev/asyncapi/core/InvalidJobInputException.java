package dev.asyncapi.core;

/**
 * A job's input does not fit its type's input class: a value of the wrong kind, an unknown or missing
 * property, a number out of range, a value the input class refused, or a JSON {@code null} for a type
 * that does not {@linkplain JobDefinition.Builder#acceptsNullInput() accept null}. Nothing was stored.
 * The HTTP layer answers 400.
 *
 * <p>The message names the JSON path of the problem (such as {@code $.range.start: expected a string})
 * and its kind, never a Java type, so it may be shown to the submitter; the binder's exception is the
 * {@linkplain #getCause() cause}, for logs. The subtype {@link MalformedJobInputException} means the
 * text was not well-formed JSON at all.
 */
public class InvalidJobInputException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where, fit to show to the submitter
     */
    public InvalidJobInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and where, fit to show to the submitter
     * @param cause   the underlying failure
     */
    public InvalidJobInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
