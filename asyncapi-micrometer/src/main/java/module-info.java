/**
 * Micrometer metrics of an asyncapi engine: {@code dev.asyncapi.micrometer.AsyncJobsMetrics}.
 */
module dev.asyncapi.micrometer {
    requires transitive dev.asyncapi.core;
    requires transitive micrometer.core;

    exports dev.asyncapi.micrometer;
}
