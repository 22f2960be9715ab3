package dev.asyncapi.examples.bench;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import dev.asyncapi.webhooks.WebhookDeliverer;
import dev.asyncapi.webhooks.Webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Completion to webhook received: for each of N jobs, one at a time, the time from the moment its handler returns
 * to the moment a receiver on loopback (the JDK's HTTP server) has read the signed event. The engine writes
 * through the deliverer's store, so the event is sent by the instance that ended the job right after its terminal
 * write (the path of every job whose instance stays alive); the store is in memory, or PostgreSQL with
 * {@code postgres} (a real server started from the Debian binaries, as the tests do).
 *
 * <p>Prints figures; run by hand:
 * {@code java dev.asyncapi.examples.bench.WebhookLatencyBenchmark [jobs] [memory|postgres]}.
 */
public final class WebhookLatencyBenchmark {

    /** The job's input and output. */
    public record Num(int n) {
    }

    private static final Map<String, Long> RETURNED_AT = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, Long> RECEIVED_AT = new ConcurrentHashMap<>();

    private WebhookLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean postgres = args.length > 1 && args[1].equals("postgres");
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id").substring("msg_".length());
            RECEIVED_AT.put(id, now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            RECEIVED.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
        });
        receiver.start();
        int port = receiver.getAddress().getPort();
        PostgresServer server = postgres ? PostgresServer.start() : null;
        // pooled, as a service runs it: the harness's own DataSource opens a connection per call
        HikariDataSource pool = postgres ? PostgresHeadToHeadBenchmark.pool(server, PostgresServer.DATABASE, 8) : null;
        JobStore store = postgres ? PostgresJobStore.builder(pool).schema("webhook_bench").build()
                : new InMemoryJobStore();
        Webhooks webhooks = Webhooks.builder()
                .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .allowHttp().allowLoopback().allowOrigin("http://127.0.0.1:" + port)
                .statusUrl("https://api.example.com/jobs/{id}").build();
        URI callback = URI.create("http://127.0.0.1:" + port + "/hook");
        List<Long> micros = new ArrayList<>();
        try (WebhookDeliverer deliverer = webhooks.start(store);
             AsyncJobs engine = AsyncJobs.builder().store(deliverer.store()).workers(2)
                     .register("n", Num.class, Num.class, (in, ctx) -> {
                         RETURNED_AT.put(ctx.jobId(), System.nanoTime());
                         return in;
                     }).build()) {
            for (int i = 0; i < jobs + 20; i++) {
                String id = engine.submit("n", new Num(i), SubmitOptions.builder().callbackUrl(callback).build()).id();
                CountDownLatch got = RECEIVED.computeIfAbsent(id, k -> new CountDownLatch(1));
                if (!got.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no webhook for job " + id + " within 30 s");
                }
                if (i >= 20) {
                    // the first 20 warm up the JIT and the connection paths
                    micros.add(TimeUnit.NANOSECONDS.toMicros(RECEIVED_AT.get(id) - RETURNED_AT.get(id)));
                }
            }
        } finally {
            receiver.stop(0);
            store.close();
            if (pool != null) {
                pool.close();
            }
            if (server != null) {
                server.close();
            }
        }
        Collections.sort(micros);
        System.out.printf("completion -> webhook received, %d jobs one at a time, %s store, loopback receiver:%n",
                micros.size(), postgres ? "PostgreSQL" : "in-memory");
        System.out.printf("  p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(micros, 50), pct(micros, 90),
                pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
    }

    private static double pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
