/**
 * The asynchronous request-reply engine: the {@code AsyncJobs} facade and job model
 * ({@code dev.asyncapi.core}), the store extension point ({@code dev.asyncapi.core.spi}) and the
 * in-memory store ({@code dev.asyncapi.core.memory}). The engine itself ({@code dev.asyncapi.core.internal})
 * is not exported: its public classes are public only so the facade can reach them.
 */
module dev.asyncapi.core {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.asyncapi.core;
    exports dev.asyncapi.core.spi;
    exports dev.asyncapi.core.memory;
}
