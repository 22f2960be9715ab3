package dev.asyncapi.core;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * Test fixture: builds engines and gates for a test and, after it, opens every gate (so blocked
 * handlers return) and closes every engine, newest first.
 *
 * <p>With {@code -Dasyncapi.test.virtualThreads=true} (the JDK 25 pass of {@code .ci/run}) every engine
 * built by {@link #start} runs its handlers and I/O on virtual threads.
 */
final class Engines implements AfterEachCallback {

    /** Whether this test run puts every engine on virtual threads. */
    static final boolean VIRTUAL_THREADS = Boolean.getBoolean("asyncapi.test.virtualThreads");

    private final Deque<AsyncJobs> engines = new ArrayDeque<>();
    private final Deque<CountDownLatch> gates = new ArrayDeque<>();

    /**
     * Builds an engine from a configured builder and closes it after the test.
     *
     * @param configure sets what the test needs on a fresh builder
     * @return the running engine
     */
    AsyncJobs start(UnaryOperator<AsyncJobs.Builder> configure) {
        AsyncJobs.Builder builder = AsyncJobs.builder();
        if (VIRTUAL_THREADS) {
            builder.virtualThreads();
        }
        return startPlain(configure.apply(builder));
    }

    /**
     * Builds an engine exactly as configured (never switched to virtual threads) and closes it after the test.
     *
     * @param builder a configured builder
     * @return the running engine
     */
    AsyncJobs startPlain(AsyncJobs.Builder builder) {
        AsyncJobs engine = builder.build();
        engines.push(engine);
        return engine;
    }

    /**
     * A latch of one that handlers block on; it is opened after the test at the latest.
     *
     * @return a closed gate
     */
    CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.push(gate);
        return gate;
    }

    /**
     * A handler that counts {@code started} down, then blocks on a fresh {@link #gate()} until the engine interrupts
     * it (terminate, timeout, lost lease, close), counts {@code interrupted} down and rethrows.
     *
     * @param started     counted down when the handler starts
     * @param interrupted counted down when the handler is interrupted
     * @return the handler; it returns {@code Doubled(-1)} only if the gate opens after the test
     */
    JobHandler<TestTypes.Count, TestTypes.Doubled> blockedUntilInterrupted(CountDownLatch started,
                                                                            CountDownLatch interrupted) {
        CountDownLatch never = gate();
        return (in, ctx) -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return new TestTypes.Doubled(-1);
        };
    }

    @Override
    public void afterEach(ExtensionContext context) {
        gates.forEach(CountDownLatch::countDown);
        while (!engines.isEmpty()) {
            engines.pop().close();
        }
    }

    /** A generous bound for waits that end as soon as the awaited thing happens. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
}
