/**
 * OpenTelemetry traces of an asyncapi engine: {@code dev.asyncapi.opentelemetry.AsyncJobsTracing}.
 */
module dev.asyncapi.opentelemetry {
    requires transitive dev.asyncapi.core;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports dev.asyncapi.opentelemetry;
}
