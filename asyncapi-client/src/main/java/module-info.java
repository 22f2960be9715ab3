/**
 * A Java client of the asyncapi HTTP contract (asynchronous request-reply): submit a job, wait for it by long
 * poll, Server-Sent Events or polling, read its typed result, terminate it. Built on the JDK's
 * {@code java.net.http.HttpClient} and Jackson only; only {@code dev.asyncapi.client} is exported.
 */
module dev.asyncapi.client {
    requires transitive java.net.http;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.asyncapi.client;
}
