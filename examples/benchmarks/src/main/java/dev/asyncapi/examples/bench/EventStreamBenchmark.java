package dev.asyncapi.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Event streams ({@code GET /jobs/{id}} with {@code Accept: text/event-stream}) of asyncapi-servlet on one
 * embedded Jetty 12 (ee10) over loopback whose {@link QueuedThreadPool} has at most 16 threads, each part read
 * by two clients that hold no thread per stream: plain NIO ({@link NioEventStreamClient}, one selector thread) and
 * the JDK {@link HttpClient}'s asynchronous API:
 * <ol>
 *   <li>latency: for each of 200 jobs, one at a time, from the moment its handler returns to the moment the
 *       client has read the {@code done} event (and, through {@link DoneWriteProbe}, to the moment the server
 *       wrote it);</li>
 *   <li>2,000 streams open at once on gated jobs: each must get its first {@code status} event; the JVM's threads
 *       and Jetty's busy threads are counted while all are open; then the jobs are released, and every stream
 *       must get its {@code done} event and be ended by the server.</li>
 * </ol>
 * Client and server share the JVM (and its two cores), so the thread counts are broken down by thread name. The
 * status read through the filter against a bare servlet is {@link ServletBenchmark}'s.
 *
 * <p>Prints figures; run by hand:
 * {@code java dev.asyncapi.examples.bench.EventStreamBenchmark [latency samples] [streams] [Jetty max threads]}.
 */
public final class EventStreamBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    /** When each job's handler returned, by job id. */
    private static final Map<String, Long> RETURNED_AT = new ConcurrentHashMap<>();
    /** Short, so the held streams also carry heartbeats through the small pool. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** How long the streams of part 2 are held open before their jobs are released: over two heartbeats. */
    private static final Duration HOLD = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int WORKERS = 4;
    private static final int WARM_UP_SAMPLES = 50;
    /** Streams being opened at once (sent, first event not yet read): well inside the listen backlog. */
    private static final int OPENING_WINDOW = 128;
    private static final int CLIENT_THREADS = 2;

    /** A way to open a stream, by request path. */
    private record Client(String name, Function<String, EventStreamReader> open) {
    }

    private EventStreamBenchmark() {
    }

    /**
     * Runs the benchmark once and prints the figures.
     *
     * @param args optional latency samples (default 200), streams held at once (default 2000) and Jetty's
     *             largest pool size (default 16)
     * @throws Exception if the server cannot start or a stream of part 1 breaks
     */
    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int maxThreads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        // In-process only: the JDK client closes its idle connections after 2 s instead of 20 minutes, so the
        // 2,000 connections of its part are gone before the next part counts file descriptors.
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
        DoneWriteProbe probe = new DoneWriteProbe();
        AtomicInteger clientThreads = new AtomicInteger();
        ExecutorService clientExecutor = Executors.newFixedThreadPool(CLIENT_THREADS, task -> {
            Thread thread = new Thread(task, "sse-client-" + clientThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try (AsyncJobs jobs = AsyncJobs.builder()
                .register("gated", String.class, String.class, (gate, ctx) -> {
                    if (!GATES.get(gate).await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate " + gate + " was never opened");
                    }
                    RETURNED_AT.put(ctx.jobId(), System.nanoTime());
                    return gate;
                })
                .workers(WORKERS)
                // the jobs of part 2 wait at once: all but the few in gated handlers queue
                .queueCapacity(streams + WARM_UP_SAMPLES + samples)
                .keepJobsForever()
                .build();
             BenchServer server = BenchServer.start(AsyncJobsHttp.builder(jobs).eventHeartbeat(HEARTBEAT).build(),
                     maxThreads, OPENING_WINDOW * 2, Map.of(), probe);
             NioEventStreamClient nio = new NioEventStreamClient(
                     new InetSocketAddress("127.0.0.1", URI.create(server.root()).getPort()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(clientExecutor).build();
            // NIO first: it closes each connection when its stream ends, where the JDK client keeps its 2,000
            // idle for a while, and closing them would fall into the next part's measurement.
            List<Client> clients = List.of(
                    new Client("NIO", nio::open),
                    new Client("JDK HttpClient", path -> EventStreamReader.open(http, URI.create(server.root() + path))));
            System.out.printf("asyncapi-servlet event streams: Jetty 12 ee10 (QueuedThreadPool max %d, %d of them"
                            + " acceptor/selector), loopback; clients: NIO (1 selector thread), JDK HttpClient"
                            + " HTTP/1.1 async (%d executor threads), both in this JVM; engine %d workers, in-memory"
                            + " store; heartbeat %d s; %d cores, Java %s%n", maxThreads, server.connectorThreads(),
                    CLIENT_THREADS, WORKERS, HEARTBEAT.toSeconds(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            System.out.printf("JVM threads before the engine, Jetty and the clients started: %d (Maven's own"
                    + " included); file descriptor limit %,d%n", threadsBefore, maxFileDescriptors());
            for (Client client : clients) {
                latency(client, jobs, probe, samples);
            }
            for (Client client : clients) {
                long fdsBefore = openFileDescriptors();
                manyStreams(client, server, jobs, probe, streams);
                awaitFileDescriptors(fdsBefore + 100);
            }
        } finally {
            clientExecutor.shutdownNow();
        }
    }

    /** Part 1: handler return to {@code done} written and read, one job at a time, after a warm-up. */
    private static void latency(Client client, AsyncJobs jobs, DoneWriteProbe probe, int samples) throws Exception {
        for (int i = 0; i < WARM_UP_SAMPLES; i++) {
            streamOne(client, jobs, probe, "warm-up-" + i);
        }
        long[] read = new long[samples];
        long[] written = new long[samples];
        for (int i = 0; i < samples; i++) {
            long[] sample = streamOne(client, jobs, probe, "sample-" + i);
            written[i] = sample[0];
            read[i] = sample[1];
        }
        Arrays.sort(read);
        Arrays.sort(written);
        System.out.printf("%n[1] SSE latency, %s, %d jobs one at a time: handler returns -> client has read"
                        + " 'done': p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (server wrote it: p50 %.2f ms,"
                        + " p99 %.2f ms)%n", client.name(), samples, ms(percentile(read, 50)), ms(percentile(read, 90)),
                ms(percentile(read, 99)), ms(read[samples - 1]), ms(percentile(written, 50)),
                ms(percentile(written, 99)));
    }

    /**
     * Streams one gated job: waits for its first event, opens the gate, waits for {@code done} and the end.
     *
     * @return handler return to {@code done} written, and to {@code done} read, in nanoseconds
     */
    private static long[] streamOne(Client client, AsyncJobs jobs, DoneWriteProbe probe, String gate)
            throws Exception {
        GATES.put(gate, new CountDownLatch(1));
        String id = jobs.submit("gated", gate).id();
        EventStreamReader reader = client.open().apply("/jobs/" + id);
        requireFirst(id, reader, reader.first().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        GATES.get(gate).countDown();
        EventStreamReader.Event done = reader.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        GATES.remove(gate);
        requireDone(id, gate, done);
        reader.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long returned = RETURNED_AT.remove(id);
        return new long[] {writtenAt(probe, id) - returned, done.receivedNanos() - returned};
    }

    /** Part 2: many streams open at once on one small Jetty pool. */
    private static void manyStreams(Client client, BenchServer server, AsyncJobs jobs, DoneWriteProbe probe,
                                    int count) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        QueuedThreadPool pool = server.pool();
        String gate = "held-" + client.name();
        GATES.put(gate, new CountDownLatch(1));
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(jobs.submit("gated", gate).id());
        }
        Sample idle = new Sample(pool);
        idle.take();
        System.out.printf("%n[2] %,d streams at once, %s: %d jobs gated in their handlers, the rest queued%n",
                count, client.name(), WORKERS);
        System.out.printf("before opening: JVM threads %d %s; Jetty busy %d, %d threads%n", idle.threads,
                idle.byOwner, idle.busy, idle.poolThreads);
        threads.resetPeakThreadCount();
        Semaphore opening = new Semaphore(OPENING_WINDOW);
        List<EventStreamReader> readers = new ArrayList<>(count);
        long openStart = System.nanoTime();
        for (String id : ids) {
            if (!opening.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new TimeoutException("no stream got its first event for " + WAIT);
            }
            EventStreamReader reader = client.open().apply("/jobs/" + id);
            reader.first().whenComplete((event, failure) -> opening.release());
            readers.add(reader);
        }
        int firstStatus = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventStreamReader reader = readers.get(i);
            try {
                requireFirst(ids.get(i), reader, reader.first().get(WAIT.toSeconds(), TimeUnit.SECONDS));
                firstStatus++;
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                problems.add(ids.get(i) + ": " + e);
            }
        }
        System.out.printf("opened in %.2f s (at most %d opening at once); first event 'status' read on %,d of %,d%n",
                seconds(System.nanoTime() - openStart), OPENING_WINDOW, firstStatus, count);

        Sample held = new Sample(pool);
        long end = System.nanoTime() + HOLD.toNanos();
        while (System.nanoTime() < end) {
            held.take();
            Thread.sleep(50);
        }
        int heartbeats = readers.stream().mapToInt(EventStreamReader::heartbeats).sum();
        long withHeartbeat = readers.stream().filter(r -> r.heartbeats() > 0).count();
        System.out.printf("held open %d s: JVM threads %d %s (peak since opening began %d)%n", HOLD.toSeconds(),
                held.threads, held.byOwner, threads.getPeakThreadCount());
        System.out.printf("  Jetty pool: busy %d (%d of them acceptor/selector), %d threads of max %d, jobs queued"
                        + " %d; file descriptors open %,d; heartbeats read %,d, on %,d of %,d streams%n", held.busy,
                server.connectorThreads(), held.poolThreads, pool.getMaxThreads(), held.queued, held.fds, heartbeats,
                withHeartbeat, count);

        threads.resetPeakThreadCount();
        Sample draining = new Sample(pool);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                draining.take();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long released = System.nanoTime();
        GATES.get(gate).countDown();
        int done = 0;
        long lastDone = released;
        long[] read = new long[count];
        long[] written = new long[count];
        for (int i = 0; i < count; i++) {
            String id = ids.get(i);
            try {
                EventStreamReader.Event event = readers.get(i).done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                requireDone(id, gate, event);
                long returned = RETURNED_AT.remove(id);
                written[done] = writtenAt(probe, id) - returned;
                read[done] = event.receivedNanos() - returned;
                done++;
                lastDone = Math.max(lastDone, event.receivedNanos());
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                problems.add(id + ": " + e);
            }
        }
        int ended = 0;
        for (EventStreamReader reader : readers) {
            try {
                reader.ended().get(10, TimeUnit.SECONDS);
                ended++;
            } catch (ExecutionException | TimeoutException e) {
                problems.add("not ended by the server after done: " + e);
            }
        }
        sampler.interrupt();
        sampler.join();
        GATES.remove(gate);
        System.out.printf("released: 'done' read on %,d of %,d streams, the last %.2f s after the release; ended by"
                + " the server: %,d of %,d%n", done, count, seconds(lastDone - released), ended, count);
        if (done > 0) {
            long[] r = Arrays.copyOf(read, done);
            long[] w = Arrays.copyOf(written, done);
            Arrays.sort(r);
            Arrays.sort(w);
            System.out.printf("  handler returns -> server wrote 'done': p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                            + " -> client read it: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(percentile(w, 50)),
                    ms(percentile(w, 99)), ms(w[done - 1]), ms(percentile(r, 50)), ms(percentile(r, 99)),
                    ms(r[done - 1]));
        }
        System.out.printf("  while draining: JVM threads peak %d, most seen by owner %s; Jetty busy at most %d,"
                        + " jobs queued for a Jetty thread at most %d%n", threads.getPeakThreadCount(),
                draining.byOwner, draining.busy, draining.queued);
        System.out.printf("  event names per stream: %s%n", eventSequences(readers));
        if (!problems.isEmpty()) {
            System.out.printf("  PROBLEMS: %d, the first ones:%n", problems.size());
            problems.stream().limit(10).forEach(p -> System.out.println("    " + p));
        }
    }

    private static long writtenAt(DoneWriteProbe probe, String id) {
        Long at = probe.take(id);
        if (at == null) {
            throw new IllegalStateException("the probe saw no done event written for " + id);
        }
        return at;
    }

    private static void requireFirst(String id, EventStreamReader reader, EventStreamReader.Event first)
            throws Exception {
        if (reader.statusCode() != 200 || !reader.contentType().startsWith("text/event-stream")) {
            throw new IllegalStateException("not an event stream: " + reader.statusCode() + " " + reader.contentType());
        }
        JsonNode body = JSON.readTree(first.data());
        String status = body.path("status").asText();
        if (!first.name().equals("status") || first.id() == null || !body.path("id").asText().equals(id)
                || !(status.equals("Pending") || status.equals("Running"))) {
            throw new IllegalStateException("unexpected first event " + first);
        }
    }

    private static void requireDone(String id, String gate, EventStreamReader.Event done) throws Exception {
        JsonNode body = JSON.readTree(done.data());
        if (done.id() == null || !body.path("id").asText().equals(id)
                || !body.path("status").asText().equals("Completed") || !body.path("result").asText().equals(gate)) {
            throw new IllegalStateException("unexpected done event " + done);
        }
    }

    /** How many streams saw which sequence of event names, e.g. {@code status,done=1996}. */
    private static Map<String, Integer> eventSequences(List<EventStreamReader> readers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (EventStreamReader reader : readers) {
            counts.merge(String.join(",", reader.events().stream().map(EventStreamReader.Event::name).toList()), 1,
                    Integer::sum);
        }
        return counts;
    }

    /** The most seen of the JVM's threads (by owner), Jetty's pool and open file descriptors over some samples. */
    private static final class Sample {
        private final QueuedThreadPool pool;
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private volatile int threads;
        private volatile Map<String, Integer> byOwner = Map.of();
        private volatile int busy;
        private volatile int poolThreads;
        private volatile long fds;
        private volatile int queued;

        Sample(QueuedThreadPool pool) {
            this.pool = pool;
        }

        void take() {
            Map<String, Integer> owners = new TreeMap<>(byOwner);
            Map<String, Integer> now = new TreeMap<>();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
                if (info != null) {
                    now.merge(owner(info.getThreadName()), 1, Integer::sum);
                }
            }
            now.forEach((owner, n) -> owners.merge(owner, n, Math::max));
            byOwner = owners;
            threads = Math.max(threads, mx.getThreadCount());
            busy = Math.max(busy, pool.getBusyThreads());
            poolThreads = Math.max(poolThreads, pool.getThreads());
            queued = Math.max(queued, pool.getQueueSize());
            fds = Math.max(fds, openFileDescriptors());
        }

        private static String owner(String name) {
            if (name.startsWith("jetty")) {
                return "jetty";
            } else if (name.startsWith("asyncapi-http")) {
                return "servlet timer";
            } else if (name.startsWith("asyncapi-io")) {
                return "engine io";
            } else if (name.startsWith("asyncapi-")) {
                return "engine";
            } else if (name.startsWith("sse-") || name.startsWith("HttpClient")) {
                return "clients";
            } else if (name.startsWith("Thread-")) {
                return "unnamed";
            } else if (name.startsWith("bench-")) {
                return "sampler";
            }
            return "jvm+maven";
        }
    }

    private static long openFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** Gives closed connections up to 10 s to go, so one part's teardown does not fall into the next. */
    private static void awaitFileDescriptors(long atMost) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (openFileDescriptors() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
