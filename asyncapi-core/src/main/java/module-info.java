/**
 * The asynchronous request-reply engine: the {@code AsyncJobs} facade and job model
 * ({@code dev.asyncapi.core}) and the store extension point ({@code dev.asyncapi.core.spi}).
 * Everything else is package-private.
 */
module dev.asyncapi.core {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.asyncapi.core;
    exports dev.asyncapi.core.spi;
    exports dev.asyncapi.core.memory;
}
