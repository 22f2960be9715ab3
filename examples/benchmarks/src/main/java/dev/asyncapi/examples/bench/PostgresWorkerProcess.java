package dev.asyncapi.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.postgres.PostgresJobStore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker engine in a JVM of its own, for {@link PostgresHeadToHeadBenchmark}'s scale-out part: it runs the
 * {@code noop} type from a {@link PostgresJobStore} and shares nothing with the benchmark but the database.
 *
 * <p>Protocol on standard output: {@code ready} once the engine runs, then {@code progress <count> <micros>} at
 * most every 50 ms while jobs complete (handler returns so far, and the wall-clock time of the latest one in
 * microseconds since the epoch: every JVM on the machine reads the same clock), and {@code cpu <nanos>} (this
 * JVM's CPU time) after the engine closed. It closes its engine and ends when its standard input ends.
 *
 * <p>Usage: {@code PostgresWorkerProcess <jdbcUrl> <user> <password> <workers>}
 */
public final class PostgresWorkerProcess {

    private PostgresWorkerProcess() {
    }

    /**
     * Runs the worker until standard input ends.
     *
     * @param args JDBC URL, user, password, workers
     * @throws Exception if the engine cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PostgresWorkerProcess <jdbcUrl> <user> <password> <workers>");
        }
        int workers = Integer.parseInt(args[3]);
        AtomicLong count = new AtomicLong();
        AtomicLong lastMicros = new AtomicLong();
        try (HikariDataSource pool = pool(args[0], args[1], args[2], PostgresHeadToHeadBenchmark.poolSize(workers))) {
            PostgresJobStore store = PostgresHeadToHeadBenchmark.store(pool);
            try (AsyncJobs engine = PostgresHeadToHeadBenchmark.workerEngine(store, workers, (Integer n) -> {
                long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                lastMicros.accumulateAndGet(now, Math::max);
                count.incrementAndGet();
            })) {
                System.out.println("ready " + engine.workerId());
                System.out.flush();
                Thread reporter = new Thread(() -> report(count, lastMicros), "progress");
                reporter.setDaemon(true);
                reporter.start();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    while (in.readLine() != null) {
                        // the parent never writes: it closes our input to stop us
                    }
                }
                reporter.interrupt();
                reporter.join();
            } finally {
                store.close();
            }
        }
        System.out.println("cpu " + ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        System.out.flush();
    }

    private static void report(AtomicLong count, AtomicLong lastMicros) {
        long reported = -1;
        while (!Thread.currentThread().isInterrupted()) {
            long n = count.get();
            if (n != reported) {
                // a handler sets the time before it counts, so the time read after the count covers every job counted
                System.out.println("progress " + n + " " + lastMicros.get());
                System.out.flush();
                reported = n;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        System.out.println("progress " + count.get() + " " + lastMicros.get());
        System.out.flush();
    }

    static HikariDataSource pool(String jdbcUrl, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setPoolName("bench-" + size);
        return new HikariDataSource(config);
    }
}
