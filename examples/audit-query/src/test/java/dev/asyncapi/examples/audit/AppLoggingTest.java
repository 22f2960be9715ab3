package dev.asyncapi.examples.audit;

import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class AppLoggingTest {

    @Test
    void javaUtilLoggingAndSystemLoggerBothEndInSlf4j() {
        AppLogging.install();
        AppLogging.install();

        Handler[] handlers = Logger.getLogger("").getHandlers();
        assertThat(handlers).singleElement().isInstanceOf(SLF4JBridgeHandler.class);
        assertThat(Arrays.toString(handlers)).doesNotContain("ConsoleHandler");
        // slf4j-jdk-platform-logging is the JDK's System.LoggerFinder here, so asyncapi's logs go to SLF4J
        assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName()).startsWith("org.slf4j");
    }
}
