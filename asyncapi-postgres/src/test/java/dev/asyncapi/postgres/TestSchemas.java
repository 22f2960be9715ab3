package dev.asyncapi.postgres;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique schema names, so tests sharing one server never see each other's jobs. */
final class TestSchemas {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSchemas() {
    }

    static String unique(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "_"
                + COUNTER.incrementAndGet();
    }
}
