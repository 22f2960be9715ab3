package dev.asyncapi.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * HTTP benchmark of asyncapi-servlet on one embedded Jetty over loopback, one load generator
 * ({@link HttpClient}, HTTP/1.1, fixed concurrency and request count):
 * <ol>
 *   <li>status-read throughput through {@link AsyncJobsFilter} against a bare servlet writing the same bytes
 *       (goal: ratio at least 0.95);</li>
 *   <li>submit throughput;</li>
 *   <li>long-poll wake latency: from the job's completion to the waiting client's response (goal: p50 at
 *       most 50 ms).</li>
 * </ol>
 * Prints figures; run by hand: {@code java dev.asyncapi.examples.bench.ServletBenchmark [concurrency] [requests]}.
 * Event streams are measured by {@link EventStreamBenchmark}.
 */
public final class ServletBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    /** The size of the pool {@code new Server()} makes: the configuration this benchmark always measured. */
    private static final int JETTY_DEFAULT_MAX_THREADS = 200;

    private ServletBenchmark() {
    }

    /**
     * Runs the benchmark once and prints the figures.
     *
     * @param args optional concurrency (default 16) and request count per measurement (default 20000)
     * @throws Exception if the server cannot start or a request fails
     */
    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (AsyncJobs jobs = AsyncJobs.builder()
                .register("echo", JsonNode.class, JsonNode.class, (input, ctx) -> input)
                .register("gated", String.class, String.class, (gate, ctx) -> {
                    GATES.get(gate).await(60, TimeUnit.SECONDS);
                    return gate;
                })
                .queueCapacity(100_000)
                .keepJobsForever()
                .build()) {
            BareStatus bare = new BareStatus();
            try (BenchServer server = BenchServer.start(AsyncJobsHttp.builder(jobs).build(), JETTY_DEFAULT_MAX_THREADS, 0,
                    Map.of("/bare/*", bare))) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                run(client, server.root(), jobs, bare, concurrency, requests);
            }
        }
    }

    private static void run(HttpClient client, String root, AsyncJobs jobs, BareStatus bare, int concurrency,
                            int requests) throws Exception {
        System.out.printf("asyncapi-servlet benchmark: Jetty 12 ee10, loopback, java.net.http.HttpClient HTTP/1.1,"
                + " concurrency %d, %d requests per measurement, %d cores%n", concurrency, requests,
                Runtime.getRuntime().availableProcessors());
        String id = JSON.readTree(send(client, post(root + "/jobs/echo", "{\"count\":4242,\"days\":[\"2021-08-10\"]}")).body())
                .get("id").asText();
        HttpResponse<String> done = send(client, HttpRequest.newBuilder(URI.create(root + "/jobs/" + id + "?wait=10")).build());
        bare.body = done.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest viaFilter = HttpRequest.newBuilder(URI.create(root + "/jobs/" + id)).build();
        HttpRequest viaBare = HttpRequest.newBuilder(URI.create(root + "/bare/" + id)).build();
        if (!send(client, viaBare).body().equals(send(client, viaFilter).body())) {
            throw new IllegalStateException("the bare servlet must write the same bytes as the filter");
        }

        load(client, i -> viaFilter, concurrency, requests / 4);
        load(client, i -> viaBare, concurrency, requests / 4);
        // Interleaved rounds, so drift of a shared machine (JIT, other processes) hits both sides alike.
        int rounds = 3;
        double bareTotal = 0;
        double filterTotal = 0;
        for (int round = 1; round <= rounds; round++) {
            double bareRate = load(client, i -> viaBare, concurrency, requests);
            double filterRate = load(client, i -> viaFilter, concurrency, requests);
            bareTotal += bareRate;
            filterTotal += filterRate;
            System.out.printf("round %d: status read, bare servlet %,8.0f req/s, AsyncJobsFilter %,8.0f req/s, ratio %.2f%n",
                    round, bareRate, filterRate, filterRate / bareRate);
        }
        System.out.printf("status read, bare servlet (same bytes): %,10.0f req/s (mean of %d rounds)%n", bareTotal / rounds, rounds);
        System.out.printf("status read, AsyncJobsFilter:           %,10.0f req/s (mean of %d rounds)%n", filterTotal / rounds, rounds);
        System.out.printf("ratio filter/bare:                       %10.2f  (goal >= 0.95)%n", filterTotal / bareTotal);

        int submits = Math.max(1000, requests / 4);
        HttpRequest submit = post(root + "/jobs/echo", "{\"count\":1}");
        load(client, i -> submit, concurrency, submits / 4);
        double submitRate = load(client, i -> submit, concurrency, submits);
        System.out.printf("submit (POST, 202, in-memory store):    %,10.0f req/s  (%d submits)%n", submitRate, submits);

        long[] latencies = wakeLatencies(client, root, 200);
        Arrays.sort(latencies);
        System.out.printf("long-poll wake latency (job completion -> client response), %d samples:"
                        + " p50 %.2f ms, p90 %.2f ms, max %.2f ms  (goal p50 <= 50 ms)%n", latencies.length,
                latencies[latencies.length / 2] / 1e6, latencies[latencies.length * 9 / 10] / 1e6,
                latencies[latencies.length - 1] / 1e6);
    }

    private static long[] wakeLatencies(HttpClient client, String root, int samples) throws Exception {
        long[] result = new long[samples];
        for (int i = 0; i < samples; i++) {
            String gate = "gate-" + i;
            GATES.put(gate, new CountDownLatch(1));
            String id = JSON.readTree(send(client, post(root + "/jobs/gated", "\"" + gate + "\"")).body()).get("id").asText();
            var poll = client.sendAsync(HttpRequest.newBuilder(URI.create(root + "/jobs/" + id + "?wait=30")).build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                        if (!r.body().contains("Completed")) {
                            throw new IllegalStateException("long poll answered before completion: " + r.body());
                        }
                        return System.nanoTime();
                    });
            // A benchmark driver, not a test: give the poll time to park before the job completes.
            Thread.sleep(20);
            long released = System.nanoTime();
            GATES.get(gate).countDown();
            result[i] = poll.get(30, TimeUnit.SECONDS) - released;
        }
        return result;
    }

    private static double load(HttpClient client, IntFunction<HttpRequest> request, int concurrency, int count)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                start.await();
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    HttpResponse<byte[]> r = client.send(request.apply(i), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() >= 300) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> f : workers) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests failed");
        }
        return count / (elapsed / 1e9);
    }

    private static HttpRequest post(String uri, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(60)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Writes the bytes the filter writes for a status read, with the same headers, and nothing else. */
    static final class BareStatus extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private transient volatile byte[] body = new byte[0];

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] bytes = body;
            resp.setStatus(200);
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentType("application/json");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }
}
