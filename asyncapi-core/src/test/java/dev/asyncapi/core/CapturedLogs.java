package dev.asyncapi.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what the engine logs through {@code System.Logger} (java.util.logging by default) under the given logger
 * names, from before each test to after it: {@code @RegisterExtension final CapturedLogs logs =
 * new CapturedLogs("dev.asyncapi.core.internal.Run")}, then assert on {@link #records()}.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    /** Held here: java.util.logging keeps its loggers only weakly. */
    private final List<Logger> loggers = new ArrayList<>();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * @param loggerNames the loggers to capture, children included
     */
    CapturedLogs(String... loggerNames) {
        for (String name : loggerNames) {
            loggers.add(Logger.getLogger(name));
        }
    }

    /** {@return the records logged so far in this test, live} */
    List<LogRecord> records() {
        return records;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        loggers.forEach(logger -> logger.addHandler(capture));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        loggers.forEach(logger -> logger.removeHandler(capture));
    }
}
