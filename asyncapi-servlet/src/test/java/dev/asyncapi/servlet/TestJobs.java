package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobFailedException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Job types the HTTP tests run: real handlers on a real engine. */
final class TestJobs {

    /** Input of the "typed" job: binds only an integer count. */
    record Count(int count) {
    }

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private TestJobs() {
    }

    static AsyncJobs.Builder builder() {
        return AsyncJobs.builder()
                .register("echo", JsonNode.class, JsonNode.class, (input, ctx) -> input)
                .register("fail", JsonNode.class, JsonNode.class, (input, ctx) -> {
                    throw new JobFailedException("Boom", "it failed on purpose");
                })
                .register("typed", Count.class, Count.class, (input, ctx) -> new Count(input.count() + 1))
                .register("gated", JsonNode.class, JsonNode.class, (input, ctx) -> {
                    ctx.reportProgress(Map.of("step", 1));
                    String gate = input.path("gate").asText();
                    if (!gate(gate).await(60, TimeUnit.SECONDS)) {
                        throw new JobFailedException("GateTimeout", "gate " + gate + " was never opened");
                    }
                    return input;
                })
                .progressInterval(Duration.ZERO)
                .shutdownTimeout(Duration.ofSeconds(1));
    }

    static AsyncJobs start() {
        return builder().build();
    }

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    static void open(String name) {
        gate(name).countDown();
    }
}
