/**
 * Completion webhooks for asyncapi jobs: a job submitted with a callback URL gets its completion event POSTed,
 * signed per the Standard Webhooks scheme, at least once, from the job store (so any instance delivers it if the
 * one that finished the job dies). Only {@code dev.asyncapi.webhooks} is exported.
 */
module dev.asyncapi.webhooks {
    requires transitive dev.asyncapi.core;
    requires com.fasterxml.jackson.databind;

    exports dev.asyncapi.webhooks;
}
