/**
 * The HTTP contract of the asynchronous request-reply pattern as a Jakarta Servlet 6 filter and servlet.
 * Only {@code dev.asyncapi.servlet} is API; the request pipeline lives in the unexported {@code dev.asyncapi.servlet.internal}.
 */
module dev.asyncapi.servlet {
    requires transitive dev.asyncapi.core;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.asyncapi.servlet;
}
