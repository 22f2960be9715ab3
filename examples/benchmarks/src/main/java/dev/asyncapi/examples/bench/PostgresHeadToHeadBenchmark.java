package dev.asyncapi.examples.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Issue #12's head-to-head: asyncapi on {@link PostgresJobStore} against JobRunr OSS and db-scheduler, each on
 * its own fresh database of ONE PostgreSQL 15 started by the {@link PostgresServer} harness, with the same
 * number of workers, the same no-op job and the same way of submitting.
 *
 * <p>For each library, two parts, each on a database of its own created for it:
 * <ol>
 *   <li><b>pick-up latency</b>: after a warm-up of {@code h2h.warmup} jobs or 10 s, whichever ends first (the JIT needs
 *       it), {@code h2h.samples} single jobs submitted one at a time with a random pause of 50&ndash;150 ms before
 *       each, never waiting for the previous one (so a poller's phase is not in step with the submits), each
 *       measured from just before the submit call to its handler's start. The submitting side is a client of its
 *       own on its own connection pool, sharing only the database with the worker side: for asyncapi a client-only
 *       engine ({@code submitOnly}) and a worker engine, so the wake comes through LISTEN/NOTIFY; for JobRunr a
 *       {@link JobScheduler} on its own storage provider; for db-scheduler a {@link SchedulerClient}.</li>
 *   <li><b>throughput</b>: {@code h2h.jobs} jobs submitted one at a time by {@code h2h.submitters} threads through
 *       the same client, measured from the first submit to the last handler return. Submits stop after
 *       {@code h2h.maxSeconds} (the time cap that keeps the whole run near ten minutes); the jobs submitted by then
 *       all run, and the figures are for those, marked as capped. While they run: the statements the database
 *       executed ({@code pg_stat_statements}: calls, rows, executor time and WAL of each, counted from the first
 *       submit to half a second after the last return), its transactions and rows ({@code pg_stat_database},
 *       from before the library starts to after it stopped, so its start-up is included), what its backends were
 *       doing ({@code pg_stat_activity} sampled every 20 ms), and the CPU of this JVM and of the whole
 *       PostgreSQL server.</li>
 * </ol>
 * asyncapi also runs both parts with one engine that submits and runs (its own jobs start on its workers without
 * a store round trip to find them), and a scale-out part: one, then two worker engines in JVMs of their own
 * ({@link PostgresWorkerProcess}) on one database, fed by a client-only engine here.
 *
 * <p>Each library as configured: asyncapi with {@code workers(h2h.workers)}, its default 1 s sweep and the store's
 * change feed; JobRunr with {@code andWorkerCount(h2h.workers)} and {@code andPollInterval(5 s)}, the least it
 * accepts for a SQL storage provider (its default is 15 s); db-scheduler with {@code threads(h2h.workers)},
 * {@code pollUsingLockAndFetch(4.0, 20.0)} (the limits of its best documented run) and {@code pollingInterval(100
 * ms)}: under load lock-and-fetch fetches again as soon as its queue runs low, so the interval only bounds the
 * pick-up of a job on an idle scheduler, and 100 ms costs ten empty index scans a second per instance (its default
 * is 10 s); no {@code enableImmediateExecution()}, which only wakes a scheduler for jobs scheduled through itself.
 * Every pool is HikariCP with {@code h2h.workers + 6} connections on the worker side.
 *
 * <p>Settings (system properties): {@code h2h.jobs} (50000), {@code h2h.workers} (8), {@code h2h.submitters} (4),
 * {@code h2h.maxSeconds} (60), {@code h2h.samples} (200), {@code h2h.warmup} (5000), {@code h2h.parts} (any of
 * {@code asyncapi} (both variants), {@code asyncapi.two}, {@code asyncapi.one}, {@code jobrunr}, {@code dbscheduler},
 * {@code processes}; default all), {@code h2h.jobrunr.poll} (5s), {@code h2h.dbscheduler.poll} (100ms),
 * {@code h2h.dbscheduler.lower} and {@code h2h.dbscheduler.upper} (4.0 and 20.0), and {@code h2h.pg.<name>} for any
 * server setting (e.g. {@code -Dh2h.pg.synchronous_commit=off}).
 */
public final class PostgresHeadToHeadBenchmark {

    static final String TYPE = "noop";

    /** Goals of issue #12. */
    private static final double GOAL_VS_JOBRUNR = 2.0;
    private static final double GOAL_VS_DB_SCHEDULER = 1.0;
    private static final double GOAL_PICKUP_P50_MILLIS = 5.0;

    /** The longest a warm-up submits: enough for the JIT, and the pick-up part must not eat the run's time. */
    private static final Duration WARM_UP_CAP = Duration.ofSeconds(10);

    /** JobRunr refuses anything shorter for a SQL storage provider (AbstractStorageProvider.validatePollInterval). */
    private static final Duration JOBRUNR_MIN_POLL = Duration.ofSeconds(5);

    /** db-scheduler's documented PostgreSQL schema (db-scheduler/src/test/resources/postgresql_tables.sql, v16). */
    private static final List<String> DB_SCHEDULER_SCHEMA = List.of(
            "create table scheduled_tasks (task_name text not null, task_instance text not null, task_data bytea,"
                    + " execution_time timestamp with time zone not null, picked BOOLEAN not null, picked_by text,"
                    + " last_success timestamp with time zone, last_failure timestamp with time zone,"
                    + " consecutive_failures INT, last_heartbeat timestamp with time zone, version BIGINT not null,"
                    + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))",
            "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
            "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
            "CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");

    /** Where the handlers of the phase under way report; handlers of every library call {@link #ran(int)}. */
    private static final AtomicReference<Recorder> CURRENT = new AtomicReference<>(new Recorder(0, 0));

    private PostgresHeadToHeadBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args none; settings are system properties
     * @throws Exception if a part fails
     */
    public static void main(String[] args) throws Exception {
        // JobRunr, db-scheduler and HikariCP log through slf4j-simple: keep their start-up banners out of the figures
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Settings s = Settings.fromSystemProperties();
        System.out.printf(Locale.ROOT, "jobs=%,d workers=%d submitters=%d pick-up samples=%d warm-up=%,d parts=%s"
                        + " cpus=%d java=%s%n", s.jobs, s.workers, s.submitters, s.samples, s.warmUp, s.parts,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        long wallStart = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_preload_libraries", "pg_stat_statements");
        settings.put("pg_stat_statements.track_utility", "on");
        settings.put("max_connections", "200");
        // anything else for the server, e.g. -Dh2h.pg.synchronous_commit=off to see what the WAL flush costs
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("h2h.pg.")).sorted()
                .forEach(k -> settings.put(k.substring("h2h.pg.".length()), System.getProperty(k)));
        try (PostgresServer server = PostgresServer.start(settings); PgCounters pg = new PgCounters(server)) {
            System.out.printf(Locale.ROOT, "PostgreSQL at %s; default settings plus %s; statements counted: %s%n",
                    server.jdbcUrl(), settings, pg.statementsAvailable() ? "yes (pg_stat_statements)"
                            : "no (pg_stat_statements not loaded): pg_stat_database only");
            Bench bench = new Bench(server, pg, s);
            List<Figures> all = new ArrayList<>();
            if (s.parts.contains("asyncapi") || s.parts.contains("asyncapi.two")) {
                all.add(bench.run("asyncapi, client engine -> worker engine", "asyncapi_two",
                        db -> asyncapiTwoEngines(server, db, s)));
            }
            if (s.parts.contains("asyncapi") || s.parts.contains("asyncapi.one")) {
                all.add(bench.run("asyncapi, one engine submits and runs", "asyncapi_one",
                        db -> asyncapiOneEngine(server, db, s)));
            }
            if (s.parts.contains("jobrunr")) {
                all.add(bench.run("JobRunr " + JobRunr.class.getPackage().getImplementationVersion(), "jobrunr",
                        db -> jobRunr(server, db, s)));
            }
            if (s.parts.contains("dbscheduler")) {
                all.add(bench.run("db-scheduler lock-and-fetch", "dbscheduler", db -> dbScheduler(server, db, s)));
            }
            ScaleOut scaleOut = s.parts.contains("processes") ? bench.scaleOut() : null;
            summary(all, scaleOut, s);
        }
        System.out.printf(Locale.ROOT, "whole run: %.0f s%n", (System.nanoTime() - wallStart) / 1e9);
    }

    // ---- the libraries ------------------------------------------------------------------------------------

    /** One library set up on one database: {@link #submit} goes through its client side. */
    interface Contender extends AutoCloseable {
        void submit(int n) throws Exception;

        @Override
        void close();
    }

    /** Opens a contender on a fresh database. */
    interface ContenderFactory {
        Contender open(String database) throws Exception;
    }

    /** Pool size for every library's worker side: its workers plus room for its timers, sweeps and listener. */
    static int poolSize(int workers) {
        return workers + 6;
    }

    static PostgresJobStore store(DataSource dataSource) {
        return PostgresJobStore.builder(dataSource)
                .writeBatchSize(Integer.getInteger("h2h.writeBatch", PostgresJobStore.DEFAULT_WRITE_BATCH_SIZE))
                .build();
    }

    /** A worker engine whose no-op handler hands its input to {@code ran}. */
    static AsyncJobs workerEngine(PostgresJobStore store, int workers, Consumer<Integer> ran) {
        return AsyncJobs.builder()
                .store(store)
                .workers(workers)
                .keepJobsForever()
                .register(TYPE, Integer.class, Integer.class, (in, ctx) -> {
                    ran.accept(in);
                    return in;
                })
                .build();
    }

    private static Contender asyncapiTwoEngines(PostgresServer server, String db, Settings s) {
        HikariDataSource workerPool = pool(server, db, poolSize(s.workers));
        HikariDataSource clientPool = pool(server, db, s.submitters + 2);
        PostgresJobStore workerStore = store(workerPool);
        PostgresJobStore clientStore = store(clientPool);
        AsyncJobs worker = workerEngine(workerStore, s.workers, PostgresHeadToHeadBenchmark::ran);
        AsyncJobs client = AsyncJobs.builder().store(clientStore).submitOnly(TYPE, Integer.class).build();
        return new Contender() {
            @Override
            public void submit(int n) {
                client.submit(TYPE, n);
            }

            @Override
            public void close() {
                client.close();
                worker.close();
                clientStore.close();
                workerStore.close();
                clientPool.close();
                workerPool.close();
            }
        };
    }

    private static Contender asyncapiOneEngine(PostgresServer server, String db, Settings s) {
        HikariDataSource workerPool = pool(server, db, poolSize(s.workers) + s.submitters);
        PostgresJobStore store = store(workerPool);
        // every submit of a burst must be admitted: the engine keeps a local queue of what it will run itself
        AsyncJobs engine = AsyncJobs.builder()
                .store(store)
                .workers(s.workers)
                .queueCapacity(Math.max(s.jobs, s.warmUp) + s.samples)
                .keepJobsForever()
                .register(TYPE, Integer.class, Integer.class, (in, ctx) -> {
                    ran(in);
                    return in;
                })
                .build();
        return new Contender() {
            @Override
            public void submit(int n) {
                engine.submit(TYPE, n);
            }

            @Override
            public void close() {
                engine.close();
                store.close();
                workerPool.close();
            }
        };
    }

    /** JobRunr's job: a static method, so no activator or container is involved. */
    public static final class JobRunrJob {
        private JobRunrJob() {
        }

        /**
         * The no-op job.
         *
         * @param n the job's number
         */
        public static void run(int n) {
            ran(n);
        }
    }

    private static Contender jobRunr(PostgresServer server, String db, Settings s) {
        HikariDataSource serverPool = pool(server, db, poolSize(s.workers));
        HikariDataSource clientPool = pool(server, db, s.submitters + 2);
        JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(new PostgresStorageProvider(serverPool, DatabaseOptions.CREATE))
                .useBackgroundJobServer(org.jobrunr.server.BackgroundJobServerConfiguration
                        .usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(s.workers)
                        .andPollInterval(s.jobRunrPoll))
                .initialize();
        StorageProvider clientStorage = new PostgresStorageProvider(clientPool, DatabaseOptions.SKIP_CREATE);
        clientStorage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        JobScheduler client = new JobScheduler(clientStorage);
        return new Contender() {
            @Override
            public void submit(int n) {
                client.enqueue(() -> JobRunrJob.run(n));
            }

            @Override
            public void close() {
                JobRunr.destroy();
                clientStorage.close();
                clientPool.close();
                serverPool.close();
            }
        };
    }

    private static Contender dbScheduler(PostgresServer server, String db, Settings s) throws SQLException {
        HikariDataSource schedulerPool = pool(server, db, poolSize(s.workers));
        HikariDataSource clientPool = pool(server, db, s.submitters + 2);
        try (Connection c = schedulerPool.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : DB_SCHEDULER_SCHEMA) {
                st.execute(ddl);
            }
        }
        OneTimeTask<Integer> task = Tasks.oneTime(TYPE, Integer.class)
                .execute((instance, ctx) -> ran(instance.getData()));
        Scheduler scheduler = Scheduler.create(schedulerPool, task)
                .threads(s.workers)
                .pollingInterval(s.dbSchedulerPoll)
                .pollUsingLockAndFetch(s.dbSchedulerLower, s.dbSchedulerUpper)
                .build();
        scheduler.start();
        SchedulerClient client = SchedulerClient.Builder.create(clientPool, task).build();
        return new Contender() {
            @Override
            public void submit(int n) {
                client.scheduleIfNotExists(task.instance((n < 0 ? "p" : "j") + Math.abs(n), n), Instant.now());
            }

            @Override
            public void close() {
                scheduler.stop();
                clientPool.close();
                schedulerPool.close();
            }
        };
    }

    static HikariDataSource pool(PostgresServer server, String db, int size) {
        return PostgresWorkerProcess.pool(server.jdbcUrl(db), server.user(), server.password(), size);
    }

    // ---- what the handlers report to ----------------------------------------------------------------------

    /** Every library's handler: job {@code n >= 0} of a throughput or warm-up phase, probe {@code -n - 1} otherwise. */
    static void ran(int n) {
        CURRENT.get().ran(n);
    }

    /** Counts one phase's handler runs: throughput jobs by number, and the start of each pick-up probe. */
    static final class Recorder {
        final int jobs;
        final AtomicIntegerArray runs;
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicLong lastDone = new AtomicLong();
        final long[] probeStarted;
        final CountDownLatch probes;

        Recorder(int jobs, int samples) {
            this.jobs = jobs;
            this.runs = new AtomicIntegerArray(jobs);
            this.probeStarted = new long[samples];
            this.probes = new CountDownLatch(samples);
        }

        void ran(int n) {
            long now = System.nanoTime();
            if (n >= 0) {
                if (n >= jobs) {
                    return;
                }
                if (runs.incrementAndGet(n) > 1) {
                    duplicates.incrementAndGet();
                    return;
                }
                lastDone.accumulateAndGet(now, Math::max);
                completed.incrementAndGet();
            } else {
                int i = -n - 1;
                if (i < probeStarted.length && probeStarted[i] == 0) {
                    probeStarted[i] = now;
                    probes.countDown();
                }
            }
        }
    }

    // ---- the parts ----------------------------------------------------------------------------------------

    /** Runs the parts against one server. */
    private static final class Bench {
        private final PostgresServer server;
        private final PgCounters pg;
        private final Settings s;

        Bench(PostgresServer server, PgCounters pg, Settings s) {
            this.server = server;
            this.pg = pg;
            this.s = s;
        }

        Figures run(String name, String dbPrefix, ContenderFactory factory) throws Exception {
            System.out.println();
            System.out.println("== " + name + " (load average " + loadAverage() + ")");
            String pickupDb = dbPrefix + "_pickup";
            server.createDatabase(pickupDb);
            double[] pickup;
            double[] submitCall;
            try (Contender c = factory.open(pickupDb)) {
                runJobs(c, name + " warm-up", s.warmUp, WARM_UP_CAP, false);
                long[][] probes = probes(c, name);
                pickup = millis(probes[0]);
                submitCall = millis(probes[1]);
            }
            System.out.printf(Locale.ROOT, "  pick-up (submit -> handler start), %d samples: p50 %.2f ms, p90 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms; the submit call itself: p50 %.2f ms%n",
                    pickup.length, pct(pickup, 50), pct(pickup, 90), pct(pickup, 99), pct(pickup, 100),
                    pct(submitCall, 50));

            String db = dbPrefix + "_throughput";
            server.createDatabase(db);
            // a backend's CPU time leaves /proc for a moment while it exits: read the server's with no exit under way
            Thread.sleep(1000);
            PgCounters.DbCounters dbBefore = pg.database(db);
            long pgCpuBefore = pg.serverCpuNanos();
            long jvmCpuBefore = processCpuNanos();
            Throughput t;
            List<PgCounters.Entry> statements;
            List<String> waits;
            try (Contender c = factory.open(db)) {
                PgCounters.Statements before = pg.statements(db);
                try (PgCounters.WaitSampler sampler = pg.sampleWaits(db, 20)) {
                    t = runJobs(c, name, s.jobs, s.cap, true);
                    waits = sampler.summary(6);
                }
                Thread.sleep(500);
                statements = pg.statements(db).since(before);
            }
            long jvmCpu = processCpuNanos() - jvmCpuBefore;
            // backends report their counters, and hand their CPU time to the postmaster, when they exit: the pools are
            // closed, give the exits a moment
            Thread.sleep(1000);
            long pgCpu = pg.serverCpuNanos() - pgCpuBefore;
            PgCounters.DbCounters db0 = pg.database(db).minus(dbBefore);
            Figures f = new Figures(name, t, pickup, statements, db0, jvmCpu, pgCpu, waits);
            f.print(pg.statementsAvailable());
            System.out.println("  load average after: " + loadAverage());
            return f;
        }

        /**
         * Submits {@code jobs} jobs from {@code submitters} threads, or as many as they submit within {@code cap}, and
         * waits for the handler of every job submitted to return.
         */
        Throughput runJobs(Contender c, String name, int jobs, Duration cap, boolean report) throws Exception {
            Recorder r = new Recorder(jobs, 0);
            CURRENT.set(r);
            AtomicLong lastSubmit = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger submitted = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            long stopSubmittingAt = start + cap.toNanos();
            for (int t = 0; t < s.submitters; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = first; n < jobs && System.nanoTime() < stopSubmittingAt; n += s.submitters) {
                            c.submit(n);
                            submitted.incrementAndGet();
                        }
                        lastSubmit.accumulateAndGet(System.nanoTime(), Math::max);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "submitter-" + t);
                threads.add(thread);
                thread.start();
            }
            long deadline = stopSubmittingAt + TimeUnit.MINUTES.toNanos(3);
            int lastCount = 0;
            long lastReport = start;
            while (true) {
                boolean submitting = threads.stream().anyMatch(Thread::isAlive);
                int count = r.completed.get();
                if (!submitting && count >= submitted.get()) {
                    break;
                }
                if (failure.get() != null) {
                    throw new IllegalStateException(name + ": a submit failed", failure.get());
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException(name + ": " + count + " of " + submitted.get()
                            + " jobs submitted ran within 3 minutes of the last submit");
                }
                if (report && now - lastReport >= TimeUnit.SECONDS.toNanos(5)) {
                    System.out.printf(Locale.ROOT, "  ... %,d of %,d submitted, %,d ran (%,.0f jobs/s over the last"
                                    + " %.0f s)%n", submitted.get(), jobs, count,
                            (count - lastCount) / ((now - lastReport) / 1e9), (now - lastReport) / 1e9);
                    lastCount = count;
                    lastReport = now;
                }
                Thread.sleep(10);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException(name + ": a submit failed", failure.get());
            }
            return new Throughput(submitted.get(), jobs, r.lastDone.get() - start, lastSubmit.get() - start,
                    r.duplicates.get());
        }

        /**
         * Submits the probes one at a time, each after a random pause of 50-150 ms, never waiting for the previous
         * one to start: a poller's pick-up then spreads over its whole interval, as it would for real traffic.
         *
         * @return each probe's pick-up and submit-call duration, in nanoseconds
         */
        long[][] probes(Contender c, String name) throws Exception {
            Recorder r = new Recorder(0, s.samples);
            CURRENT.set(r);
            long[] submittedAt = new long[s.samples];
            long[] submitCall = new long[s.samples];
            Random random = new Random(12);
            for (int i = 0; i < s.samples; i++) {
                Thread.sleep(50 + random.nextInt(101));
                submittedAt[i] = System.nanoTime();
                c.submit(-i - 1);
                submitCall[i] = System.nanoTime() - submittedAt[i];
            }
            if (!r.probes.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException(name + ": only " + (s.samples - r.probes.getCount()) + " of "
                        + s.samples + " probes started within 2 minutes");
            }
            long[] pickup = new long[s.samples];
            for (int i = 0; i < s.samples; i++) {
                pickup[i] = r.probeStarted[i] - submittedAt[i];
            }
            return new long[][] {pickup, submitCall};
        }

        /** One, then two worker JVMs on one database each, fed by a client-only engine here. */
        ScaleOut scaleOut() throws Exception {
            System.out.println();
            System.out.println("== asyncapi scale-out: worker engines in JVMs of their own");
            Throughput one = processes(1);
            Throughput two = processes(2);
            return new ScaleOut(one, two);
        }

        private Throughput processes(int count) throws Exception {
            String db = "asyncapi_processes_" + count;
            server.createDatabase(db);
            List<Child> children = new ArrayList<>();
            try (HikariDataSource clientPool = pool(server, db, s.submitters + 2)) {
                PostgresJobStore clientStore = store(clientPool);
                try (AsyncJobs client = AsyncJobs.builder().store(clientStore).submitOnly(TYPE, Integer.class).build()) {
                    for (int i = 0; i < count; i++) {
                        children.add(Child.start(server.jdbcUrl(db), server.user(), server.password(), s.workers));
                    }
                    for (Child child : children) {
                        child.awaitReady();
                    }
                    Contender submitter = new Contender() {
                        @Override
                        public void submit(int n) {
                            client.submit(TYPE, n);
                        }

                        @Override
                        public void close() {
                        }
                    };
                    Throughput warmUp = feed(submitter, children, s.warmUp, WARM_UP_CAP, count + " JVM(s) warm-up",
                            false);
                    PgCounters.Statements before = pg.statements(db);
                    Throughput t = feed(submitter, children, s.jobs, s.cap, count + " JVM(s)", true);
                    Thread.sleep(500);
                    List<PgCounters.Entry> statements = pg.statements(db).since(before);
                    long childCpu = 0;
                    for (Child child : children) {
                        childCpu += child.stop();
                    }
                    System.out.printf(Locale.ROOT, "  %d worker JVM(s) of %d workers: %,.0f jobs/s (%,d jobs in %.2f s;"
                                    + " submits done after %.2f s%s); worker JVMs' CPU %.0f us/job (warm-up included);"
                                    + " load average %s%n",
                            count, s.workers, t.jobsPerSecond(), t.jobs, t.elapsedNanos / 1e9, t.submitNanos / 1e9,
                            t.cappedNote(), childCpu / 1e3 / (t.jobs + warmUp.jobs), loadAverage());
                    printStatements(statements, t.jobs, 4);
                    return t;
                } finally {
                    for (Child child : children) {
                        child.kill();
                    }
                    clientStore.close();
                }
            }
        }

        /**
         * Submits {@code jobs}, or as many as one thread submits within {@code cap}, and waits until the children
         * together report that many more handler returns.
         */
        private Throughput feed(Contender submitter, List<Child> children, int jobs, Duration cap, String name,
                                boolean report) throws Exception {
            long base = children.stream().mapToLong(Child::count).sum();
            long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            long start = System.nanoTime();
            long stopSubmittingAt = start + cap.toNanos();
            AtomicInteger submitted = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < s.submitters; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = first; n < jobs && System.nanoTime() < stopSubmittingAt; n += s.submitters) {
                            submitter.submit(n);
                            submitted.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "submitter-" + t);
                threads.add(thread);
                thread.start();
            }
            long submitNanos = -1;
            long lastReport = System.nanoTime();
            long lastCount = 0;
            long deadline = stopSubmittingAt + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                long count = children.stream().mapToLong(Child::count).sum() - base;
                if (submitNanos < 0 && threads.stream().noneMatch(Thread::isAlive)) {
                    submitNanos = System.nanoTime() - start;
                }
                if (submitNanos >= 0 && count >= submitted.get()) {
                    break;
                }
                if (failure.get() != null) {
                    throw new IllegalStateException(name + ": a submit failed", failure.get());
                }
                for (Child child : children) {
                    child.requireAlive();
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException(name + ": " + count + " of " + submitted.get()
                            + " ran within 3 minutes of the last submit");
                }
                if (report && now - lastReport >= TimeUnit.SECONDS.toNanos(5)) {
                    System.out.printf(Locale.ROOT, "  ... %s: %,d of %,d submitted, %,d ran (%,.0f jobs/s over the"
                                    + " last %.0f s)%n", name, submitted.get(), jobs, count,
                            (count - lastCount) / ((now - lastReport) / 1e9), (now - lastReport) / 1e9);
                    lastCount = count;
                    lastReport = now;
                }
                Thread.sleep(20);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long lastMicros = children.stream().mapToLong(Child::lastMicros).max().orElseThrow();
            return new Throughput(submitted.get(), jobs, (lastMicros - startMicros) * 1000, submitNanos, 0);
        }
    }

    /** A worker JVM and what it last reported. */
    private static final class Child {
        private final Process process;
        private final CountDownLatch ready = new CountDownLatch(1);
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong lastMicros = new AtomicLong();
        private final AtomicLong cpu = new AtomicLong(-1);
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "child-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String jdbcUrl, String user, String password, int workers) throws IOException {
            List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath(),
                    PostgresWorkerProcess.class.getName(), jdbcUrl, user, password, Integer.toString(workers)));
            return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "ready" -> ready.countDown();
                        case "progress" -> {
                            lastMicros.set(Long.parseLong(f[2]));
                            count.set(Long.parseLong(f[1]));
                        }
                        case "cpu" -> cpu.set(Long.parseLong(f[1]));
                        default -> System.out.println("  [worker " + process.pid() + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker JVM " + process.pid() + " did not start within 60 s");
            }
        }

        long count() {
            return count.get();
        }

        long lastMicros() {
            return lastMicros.get();
        }

        void requireAlive() {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker JVM " + process.pid() + " ended with " + process.exitValue());
            }
        }

        /** Closes its input, so it closes its engine and ends; returns its CPU time. */
        long stop() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker JVM " + process.pid() + " did not end within 60 s");
            }
            reader.join(5000);
            return cpu.get();
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** The class path of this JVM's benchmark classes: Maven's exec:java loads them in a class loader of its own. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = PostgresHeadToHeadBenchmark.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Paths.get(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        throw new IllegalStateException("cannot use class path entry " + url, e);
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            entries.add(System.getProperty("java.class.path"));
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    // ---- figures ------------------------------------------------------------------------------------------

    /**
     * A throughput run: {@code jobs} submitted (fewer than {@code asked} when the time cap stopped the submits), and
     * the time from the first submit to the last handler return.
     */
    record Throughput(int jobs, int asked, long elapsedNanos, long submitNanos, int duplicates) {
        double jobsPerSecond() {
            return jobs / (elapsedNanos / 1e9);
        }

        boolean capped() {
            return jobs < asked;
        }

        String cappedNote() {
            return capped() ? String.format(Locale.ROOT, "; CAPPED: %,d of %,d submitted before the time cap", jobs,
                    asked) : "";
        }
    }

    /** One library's figures. */
    record Figures(String name, Throughput throughput, double[] pickupMillis, List<PgCounters.Entry> statements,
                   PgCounters.DbCounters db, long jvmCpuNanos, long pgCpuNanos, List<String> waits) {

        double statementsPerJob() {
            return (double) PgCounters.Statements.totalCalls(statements) / throughput.jobs;
        }

        void print(boolean statementsCounted) {
            Throughput t = throughput;
            int jobs = t.jobs;
            System.out.printf(Locale.ROOT, "  throughput: %,.0f jobs/s (%,d jobs in %.2f s; submits done after %.2f s,"
                            + " %,.0f submits/s%s); handler runs beyond one per job: %d%n",
                    t.jobsPerSecond(), t.jobs, t.elapsedNanos / 1e9, t.submitNanos / 1e9,
                    t.jobs / (t.submitNanos / 1e9), t.cappedNote(), t.duplicates);
            System.out.printf(Locale.ROOT, "  CPU per job: this JVM %.0f us, PostgreSQL %.0f us (start-up and shut-down"
                    + " included)%n", jvmCpuNanos / 1e3 / jobs, pgCpuNanos / 1e3 / jobs);
            if (statementsCounted) {
                System.out.printf(Locale.ROOT, "  pg_stat_statements (BEGIN/COMMIT included): %.3f ms in the executor and"
                                + " %,.0f bytes of WAL per job%n", PgCounters.Statements.totalExecMillis(statements) / jobs,
                        (double) PgCounters.Statements.totalWalBytes(statements) / jobs);
                printStatements(statements, jobs, Integer.getInteger("h2h.statements", 8));
            }
            System.out.println("  per job (pg_stat_database, start-up included): " + db.perJob(jobs));
            System.out.println("  the library's backends, on average while the jobs ran (pg_stat_activity every 20 ms):"
                    + " " + String.join("; ", waits));
        }
    }

    /** The {@code max} statements run most, per job: how often, rows per call, time in the executor, WAL. */
    private static void printStatements(List<PgCounters.Entry> statements, int jobs, int max) {
        if (statements.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "  statements: %.2f per job; the most run:%n",
                (double) PgCounters.Statements.totalCalls(statements) / jobs);
        System.out.println("    calls/job  rows/call  ms/call  WAL B/call  statement");
        for (PgCounters.Entry e : statements.subList(0, Math.min(max, statements.size()))) {
            System.out.printf(Locale.ROOT, "    %9.3f %10.2f %8.3f %11.0f  %s%n",
                    (double) e.calls() / jobs, (double) e.rows() / e.calls(), e.execMillis() / e.calls(),
                    (double) e.walBytes() / e.calls(), PgCounters.Statements.oneLine(e.query(), 90));
        }
    }

    /** The scale-out part's two runs. */
    record ScaleOut(Throughput one, Throughput two) {
    }

    private static void summary(List<Figures> all, ScaleOut scaleOut, Settings s) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== summary: %,d no-op jobs, %d workers each, %d submitting thread(s)%n", s.jobs,
                s.workers, s.submitters);
        System.out.printf(Locale.ROOT, "%-44s %10s %8s %22s %10s %12s %10s %16s%n", "", "jobs/s", "jobs",
                "pick-up p50 / p99", "stmts/job", "commits/job", "WAL B/job", "CPU/job JVM+PG");
        for (Figures f : all) {
            int jobs = f.throughput.jobs;
            System.out.printf(Locale.ROOT, "%-44s %,10.0f %8s %11.2f / %7.1f ms %10s %12.2f %10s %8.0f+%.0f us%n",
                    f.name, f.throughput.jobsPerSecond(), String.format(Locale.ROOT, "%,d%s", jobs,
                            f.throughput.capped() ? "*" : ""), pct(f.pickupMillis, 50), pct(f.pickupMillis, 99),
                    f.statements.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.2f", f.statementsPerJob()),
                    (double) f.db.commits() / jobs, f.statements.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%,.0f",
                            (double) PgCounters.Statements.totalWalBytes(f.statements) / jobs),
                    f.jvmCpuNanos / 1e3 / jobs, f.pgCpuNanos / 1e3 / jobs);
        }
        if (all.stream().anyMatch(f -> f.throughput.capped())) {
            System.out.printf(Locale.ROOT, "* capped: submits stopped after h2h.maxSeconds=%d s; jobs/s over the jobs"
                    + " submitted until then%n", s.cap.toSeconds());
        }
        Figures two = find(all, "asyncapi, client");
        Figures one = find(all, "asyncapi, one");
        Figures jobRunr = find(all, "JobRunr");
        Figures dbScheduler = find(all, "db-scheduler");
        System.out.println("goals:");
        for (Figures a : Arrays.asList(two, one)) {
            if (a == null) {
                continue;
            }
            if (jobRunr != null) {
                double ratio = a.throughput.jobsPerSecond() / jobRunr.throughput.jobsPerSecond();
                System.out.printf(Locale.ROOT, "  %s / JobRunr throughput = %.2f (goal >= %.1f: %s)%n", a.name, ratio,
                        GOAL_VS_JOBRUNR, ratio >= GOAL_VS_JOBRUNR ? "met" : "NOT met");
            }
            if (dbScheduler != null) {
                double ratio = a.throughput.jobsPerSecond() / dbScheduler.throughput.jobsPerSecond();
                System.out.printf(Locale.ROOT, "  %s / db-scheduler throughput = %.2f (goal >= %.1f: %s)%n", a.name,
                        ratio, GOAL_VS_DB_SCHEDULER, ratio >= GOAL_VS_DB_SCHEDULER ? "met" : "NOT met");
            }
        }
        if (two != null) {
            double p50 = pct(two.pickupMillis, 50);
            System.out.printf(Locale.ROOT, "  asyncapi pick-up p50 across engines = %.2f ms (goal <= %.0f ms: %s)%n", p50,
                    GOAL_PICKUP_P50_MILLIS, p50 <= GOAL_PICKUP_P50_MILLIS ? "met" : "NOT met");
        }
        if (scaleOut != null) {
            System.out.printf(Locale.ROOT, "  asyncapi worker JVMs: one %,.0f jobs/s, two %,.0f jobs/s: speed-up %.2f%n",
                    scaleOut.one.jobsPerSecond(), scaleOut.two.jobsPerSecond(),
                    scaleOut.two.jobsPerSecond() / scaleOut.one.jobsPerSecond());
        }
    }

    private static Figures find(List<Figures> all, String prefix) {
        return all.stream().filter(f -> f.name.startsWith(prefix)).findFirst().orElse(null);
    }

    private static double[] millis(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** A percentile of sorted values (nearest rank); 100 is the maximum. */
    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /** The machine's load averages over 1, 5 and 15 minutes: on a shared machine, what else ran meanwhile. */
    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The run's settings, from system properties. */
    private static final class Settings {
        final int jobs = intProperty("h2h.jobs", 50_000);
        final int workers = intProperty("h2h.workers", 8);
        final int submitters = intProperty("h2h.submitters", 4);
        final int samples = intProperty("h2h.samples", 200);
        final int warmUp = intProperty("h2h.warmup", 5_000);
        final Duration cap = Duration.ofSeconds(intProperty("h2h.maxSeconds", 60));
        final Set<String> parts = new LinkedHashSet<>(Arrays.asList(System.getProperty("h2h.parts",
                "asyncapi,jobrunr,dbscheduler,processes").split(",")));
        final Duration jobRunrPoll = Duration.ofMillis(parseMillis(System.getProperty("h2h.jobrunr.poll",
                JOBRUNR_MIN_POLL.toMillis() + "ms")));
        final Duration dbSchedulerPoll = Duration.ofMillis(parseMillis(System.getProperty("h2h.dbscheduler.poll",
                "100ms")));
        final double dbSchedulerLower = Double.parseDouble(System.getProperty("h2h.dbscheduler.lower", "4.0"));
        final double dbSchedulerUpper = Double.parseDouble(System.getProperty("h2h.dbscheduler.upper", "20.0"));

        static Settings fromSystemProperties() {
            Settings s = new Settings();
            if (s.jobs < 1 || s.workers < 1 || s.submitters < 1 || s.samples < 1 || s.warmUp < 1) {
                throw new IllegalArgumentException("h2h.jobs, workers, submitters, samples and warmup must be at least 1");
            }
            return s;
        }

        private static int intProperty(String name, int fallback) {
            return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)).replace("_", ""));
        }

        /** {@code 200ms}, {@code 5s}, or a number of milliseconds. */
        private static long parseMillis(String text) {
            String v = text.trim().toLowerCase(Locale.ROOT);
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2));
            }
            if (v.endsWith("s")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000);
            }
            return Long.parseLong(v);
        }
    }
}
