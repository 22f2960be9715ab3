package dev.asyncapi.azure.tables;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique table names, so tests sharing one Azurite never see each other's jobs. */
final class TestTables {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestTables() {
    }

    static String unique(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + COUNTER.incrementAndGet();
    }
}
