package dev.asyncapi.core.internal;

import java.util.Objects;

/**
 * What a submit of one job type binds its input to, and whether a JSON {@code null} input is accepted.
 *
 * @param inputType  the class the input binds to
 * @param acceptsNull whether a {@code null} input is passed on instead of refused
 */
public record InputBinding(Class<?> inputType, boolean acceptsNull) {

    /**
     * @param inputType  the class the input binds to; not null
     * @param acceptsNull whether a {@code null} input is passed on instead of refused
     */
    public InputBinding {
        Objects.requireNonNull(inputType, "inputType cannot be null");
    }
}
