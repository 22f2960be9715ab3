package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobContext;
import dev.asyncapi.postgres.PostgresJobStore;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A worker JVM of the durability tests: one {@link PostgresJobStore} on the shared schema and one engine per
 * {@link EngineSpec} on its command line (type, workers, lease, sweep interval), all on that store and its one
 * change feed. Every handler run appends {@code start}, then {@code end} or {@code interrupted}, to the runs file
 * (see {@link RunEvent}).
 *
 * <p>Standard input drives it: {@code release} lets every gated run (input {@code gated}) go on;
 * {@code threads <tag>} prints the JVM's live thread count; {@code stop} (or end of input) closes it gracefully.
 * An engine spec with {@code stallAfter > 0} makes every run past that many starts of its type hang until the
 * process is killed: a worker stuck mid-job, whose heartbeats still run.
 *
 * <p>The store's connections name the process in {@code application_name}: {@code asyncapi-<worker>} for
 * operations and {@link #listenerName listen-<worker>} for the change feed's one listening connection, so a test
 * can see in {@code pg_stat_activity} when the feed listens. Connection settings come from the environment
 * ({@value #URL_ENV}, {@value #USER_ENV}, {@value #PASSWORD_ENV}), never the command line.
 *
 * <p>Arguments: schema, worker id, runs file, then one or more engine specs
 * {@code type:workers:leaseMillis:sweepMillis:stallAfter}.
 */
public final class PgWorker {

    /** Environment variable with the JDBC URL of the database. */
    public static final String URL_ENV = "ASYNCAPI_PG_URL";
    /** Environment variable with the user name. */
    public static final String USER_ENV = "ASYNCAPI_PG_USER";
    /** Environment variable with the password. */
    public static final String PASSWORD_ENV = "ASYNCAPI_PG_PASSWORD";

    private static final CountDownLatch GATE = new CountDownLatch(1);
    /** Never released: a stalled run waits on it until the process dies. */
    private static final CountDownLatch STUCK = new CountDownLatch(1);
    private static final Map<String, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    private PgWorker() {
    }

    /**
     * What one engine of the process runs and how.
     *
     * @param type       the one job type it registers
     * @param workers    its worker count
     * @param lease      its lease duration
     * @param sweep      its sweep interval
     * @param stallAfter runs of the type past this many starts hang until the process dies; 0 for never
     */
    record EngineSpec(String type, int workers, Duration lease, Duration sweep, int stallAfter) {

        String format() {
            return type + ":" + workers + ":" + lease.toMillis() + ":" + sweep.toMillis() + ":" + stallAfter;
        }

        static EngineSpec parse(String text) {
            String[] p = text.split(":");
            return new EngineSpec(p[0], Integer.parseInt(p[1]), Duration.ofMillis(Long.parseLong(p[2])),
                    Duration.ofMillis(Long.parseLong(p[3])), Integer.parseInt(p[4]));
        }
    }

    /**
     * The input of every type.
     *
     * @param millis how long the handler works
     * @param gated  whether the run waits for {@code release} on the process's input before it works
     */
    public record Work(long millis, boolean gated) {
    }

    /**
     * The output of every type.
     *
     * @param worker the worker process that ran the handler
     * @param type   the job type it ran as
     */
    public record Done(String worker, String type) {
    }

    /**
     * The {@code application_name} of a worker's change-feed connection.
     *
     * @param workerId the worker process
     * @return {@code listen-<workerId>}
     */
    static String listenerName(String workerId) {
        return "listen-" + workerId;
    }

    /**
     * The lease owner a worker's engine for {@code type} writes.
     *
     * @param workerId the worker process
     * @param type     the engine's type
     * @return {@code <workerId>/<type>}
     */
    static String engineId(String workerId, String type) {
        return workerId + "/" + type;
    }

    /**
     * Runs the worker until its input says stop.
     *
     * @param args schema, worker id, runs file, engine specs
     * @throws Exception if the store or an engine cannot start
     */
    public static void main(String[] args) throws Exception {
        String schema = args[0];
        String workerId = args[1];
        Path runs = Path.of(args[2]);
        List<EngineSpec> specs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            specs.add(EngineSpec.parse(args[i]));
        }
        PostgresJobStore store = PostgresJobStore.builder(dataSource("asyncapi-" + workerId)).schema(schema)
                .listenerDataSource(dataSource(listenerName(workerId))).build();
        List<AsyncJobs> engines = new ArrayList<>();
        for (EngineSpec spec : specs) {
            engines.add(AsyncJobs.builder().store(store).workerId(engineId(workerId, spec.type()))
                    .workers(spec.workers()).leaseDuration(spec.lease()).sweepInterval(spec.sweep())
                    .keepJobsForever().shutdownTimeout(Duration.ofSeconds(5))
                    .register(spec.type(), Work.class, Done.class,
                            (work, ctx) -> run(runs, workerId, spec, work, ctx))
                    .build());
        }
        System.out.println("ready " + workerId + " types=" + specs.stream().map(EngineSpec::type).toList());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.trim();
                if (command.equals("stop")) {
                    break;
                }
                if (command.equals("release")) {
                    GATE.countDown();
                    System.out.println("released " + workerId);
                    System.out.flush();
                }
                if (command.startsWith("threads ")) {
                    System.out.println(threadReport(command.substring("threads ".length())));
                    System.out.flush();
                }
            }
        }
        engines.forEach(AsyncJobs::close);
        store.close();
        System.out.println("stopped " + workerId);
        System.out.flush();
    }

    private static PGSimpleDataSource dataSource(String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(System.getenv(URL_ENV));
        ds.setUser(System.getenv(USER_ENV));
        ds.setPassword(System.getenv(PASSWORD_ENV));
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(10);
        return ds;
    }

    private static Done run(Path runs, String workerId, EngineSpec spec, Work work, JobContext ctx)
            throws InterruptedException {
        int start = STARTS.computeIfAbsent(spec.type(), t -> new AtomicInteger()).incrementAndGet();
        record(runs, RunEvent.START, workerId, spec.type(), ctx);
        try {
            if (work.gated()) {
                GATE.await();
            }
            if (spec.stallAfter() > 0 && start > spec.stallAfter()) {
                // a run stuck mid-job: only a SIGKILL of this process ends it
                STUCK.await();
            }
            // the simulated work itself, not a synchronisation
            Thread.sleep(work.millis());
        } catch (InterruptedException e) {
            record(runs, RunEvent.INTERRUPTED, workerId, spec.type(), ctx);
            throw e;
        }
        record(runs, RunEvent.END, workerId, spec.type(), ctx);
        return new Done(workerId, spec.type());
    }

    private static synchronized void record(Path runs, String event, String workerId, String type, JobContext ctx) {
        String line = RunEvent.format(event, ctx.jobId(), type, ctx.attempt(), workerId, System.currentTimeMillis());
        try {
            Files.writeString(runs, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers {@code threads <tag>}: {@code threads <tag> = <live threads> [<name>, ...]}, the names with their
     * numbers replaced by {@code #} so that the report stays short and comparable.
     */
    private static String threadReport(String tag) {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        String names = byName.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
        return "threads " + tag + " = " + ManagementFactory.getThreadMXBean().getThreadCount() + " [" + names + "]";
    }
}
