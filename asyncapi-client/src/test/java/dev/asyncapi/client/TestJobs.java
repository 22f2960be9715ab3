package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Job types the client tests run on a real engine. */
final class TestJobs {

    /** Input of {@code count}: a number to add one to. */
    record Count(int count) {
    }

    /** Output of {@code count} and {@code gated}. */
    record Counted(int count, String note) {
    }

    /** Input of {@code gated}: a number, and the gate the handler waits behind. */
    record Gated(String gate, int count) {
    }

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private TestJobs() {
    }

    static AsyncJobs start() {
        return AsyncJobs.builder()
                .register("echo", JsonNode.class, JsonNode.class, (input, ctx) -> input)
                .register("count", Count.class, Counted.class,
                        (input, ctx) -> new Counted(input.count() + 1, "counted"))
                .register("fail", JsonNode.class, JsonNode.class, (input, ctx) -> {
                    throw new dev.asyncapi.core.JobFailedException("Boom", "it failed on purpose");
                })
                .register("gated", Gated.class, Counted.class, (input, ctx) -> {
                    ctx.reportProgress(Map.of("step", 1));
                    if (!gate(input.gate()).await(60, TimeUnit.SECONDS)) {
                        throw new dev.asyncapi.core.JobFailedException("GateTimeout", "gate " + input.gate()
                                + " was never opened");
                    }
                    return new Counted(input.count() + 1, "gated");
                })
                .progressInterval(Duration.ZERO)
                .shutdownTimeout(Duration.ofSeconds(1))
                .build();
    }

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    static void open(String name) {
        gate(name).countDown();
    }
}
