/**
 * The HTTP contract of the asynchronous request-reply pattern as a Jakarta Servlet 6 filter and servlet.
 * Only {@code dev.asyncapi.servlet}'s public types are API; the dispatcher and helpers are package-private.
 */
module dev.asyncapi.servlet {
    requires transitive dev.asyncapi.core;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.asyncapi.servlet;
}
