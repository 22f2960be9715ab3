package dev.asyncapi.spring.boot;

import java.util.Objects;

/**
 * An {@code asyncapi.*} property whose value the engine, the store or the HTTP layer refused. Thrown while the
 * application context starts; Spring Boot's failure report then names the property, its value and the rule.
 * Values of secret properties (a connection string) are never put in the message.
 */
public final class InvalidAsyncApiPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The full property name. */
    private final String property;
    /** What is wrong with its value. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param property the full property name, e.g. {@code asyncapi.workers}
     * @param value    the value as set, or {@code null} if missing or secret (then it is not shown)
     * @param reason   what is wrong and what is allowed
     * @param cause    the refusal of the builder, or {@code null}
     * @throws NullPointerException if {@code property} or {@code reason} is null
     */
    public InvalidAsyncApiPropertyException(String property, Object value, String reason, Throwable cause) {
        super(message(property, value, reason), cause);
        this.property = property;
        this.reason = reason;
    }

    /** @return the full property name, e.g. {@code asyncapi.workers} */
    public String property() {
        return property;
    }

    /** @return what is wrong with its value */
    public String reason() {
        return reason;
    }

    private static String message(String property, Object value, String reason) {
        Objects.requireNonNull(property, "property cannot be null");
        Objects.requireNonNull(reason, "reason cannot be null");
        return "Invalid property " + property + (value == null ? "" : "='" + value + "'") + ": " + reason;
    }
}
