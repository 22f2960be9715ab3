package dev.asyncapi.examples.audit;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every log of the app through one backend in one format: SLF4J with {@code slf4j-simple}
 * (configured by {@code simplelogger.properties}). {@code System.Logger} (asyncapi's own logs) reaches SLF4J
 * through {@code slf4j-jdk-platform-logging}, found by the JDK's service loader; Jetty and the Azure SDK log to
 * SLF4J already; {@code java.util.logging} (the PostgreSQL driver) is bridged here, replacing the JDK's console
 * handler that would print in a second format.
 */
final class AppLogging {

    private AppLogging() {
    }

    /** Routes {@code java.util.logging} to SLF4J; idempotent. Call first thing in {@code main}. */
    static void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
