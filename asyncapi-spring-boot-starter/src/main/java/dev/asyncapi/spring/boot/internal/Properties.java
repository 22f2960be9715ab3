package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException;

import java.util.function.Consumer;

/**
 * Applies {@code asyncapi.*} values to the library's builders, which own every rule: a value a builder refuses
 * becomes an {@link InvalidAsyncApiPropertyException} naming the property, with the builder's own message.
 */
public final class Properties {

    private Properties() {
    }

    /**
     * Hands a set value to a builder method; an unset ({@code null}) value leaves the builder's default.
     *
     * @param property the full property name
     * @param value    the bound value, or null if unset
     * @param setter   the builder method
     * @param <T>      the value type
     * @throws InvalidAsyncApiPropertyException if the builder refuses the value, or it clashes with one set before
     */
    public static <T> void apply(String property, T value, Consumer<? super T> setter) {
        if (value != null) {
            try {
                setter.accept(value);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // IllegalStateException: a value that clashes with one made before (a submit-only type a bean registers)
                throw new InvalidAsyncApiPropertyException(property, value, e.getMessage(), e);
            }
        }
    }

    /**
     * As {@link #apply}, but never shows the value (a connection string, a key).
     *
     * @param property the full property name
     * @param value    the bound secret, or null if unset
     * @param setter   the builder method
     * @param <T>      the value type
     * @throws InvalidAsyncApiPropertyException if the builder refuses the value; its message holds no value
     */
    public static <T> void applySecret(String property, T value, Consumer<? super T> setter) {
        if (value != null) {
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                // the builder's message may quote the secret: keep neither the message nor the exception
                throw new InvalidAsyncApiPropertyException(property, null, "the value was refused (not shown: it is a secret)",
                        null);
            }
        }
    }

    /**
     * The failure of a property that is unset, or set together with another it excludes.
     *
     * @param property the full property name
     * @param reason   what is needed
     * @return the exception, for the caller to throw
     */
    public static InvalidAsyncApiPropertyException invalid(String property, String reason) {
        return new InvalidAsyncApiPropertyException(property, null, reason, null);
    }
}
