package dev.asyncapi.examples.bench;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.micrometer.AsyncJobsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of no-op jobs through the {@link AsyncJobs} facade on an
 * {@link InMemoryJobStore}, against the same no-op work on a bare {@link ThreadPoolExecutor} with as
 * many threads, in one run. Prints both throughputs, their ratio (goal: at least 0.5) and the
 * submit&rarr;completed latency percentiles of each.
 *
 * <p>The engine runs twice: on its default platform threads and, when the JVM offers them (Java 21 or
 * later), on virtual threads ({@link AsyncJobs.Builder#virtualThreads()}). The CPU per job of both is
 * printed side by side against {@value #CPU_PER_JOB_GOAL_MICROS} &micro;s, the engine's figure before
 * the claim-at-run rebuild: the rebuild must not make a job dearer.
 *
 * <p>A third engine runs on platform threads with the Micrometer binding attached ({@link AsyncJobsMetrics} as
 * its listener, its gauges bound to a {@link SimpleMeterRegistry}): every job event counted and timed, every
 * store call timed. Its CPU per job is printed against the plain engine's (goal: at most
 * {@value #OBSERVED_OVERHEAD_GOAL_PERCENT} % more).
 *
 * <p>Both sides are driven the same way: one thread submits, keeping at most {@code window} jobs in
 * flight (a permit is returned when the job's completion is observed), and completion is observed
 * through a future: {@link AsyncJobs#awaitAsync} for the engine, a {@link CompletableFuture} for the
 * pool. The engine's queue capacity is the window, so it never rejects; retention is off so no purge
 * runs during the measurement. Both sides first run four alternating warm-up rounds of {@code N / 2} jobs
 * (at least 50,000), which the engine needs to reach its compiled steady state,
 * then the two sides alternate for a few rounds and the best round of each is compared.
 *
 * <p>Usage: {@code EngineThroughputBenchmark [jobs=200000] [workers=AsyncJobs.defaultWorkers()] [window=1000] [rounds=3]}
 */
public final class EngineThroughputBenchmark {

    /** CPU per engine job measured before the rebuild (docs/benchmarks.md, 2026-11-24): not to be exceeded. */
    private static final double CPU_PER_JOB_GOAL_MICROS = 4.85;
    /** The most CPU per job the Micrometer binding may add to the plain engine's, in percent. */
    private static final int OBSERVED_OVERHEAD_GOAL_PERCENT = 10;

    private EngineThroughputBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args optional: job count, worker count, in-flight window, rounds
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : AsyncJobs.defaultWorkers();
        int window = args.length > 2 ? Integer.parseInt(args[2]) : AsyncJobs.DEFAULT_QUEUE_CAPACITY;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (jobs < 1 || workers < 1 || window < 1 || rounds < 1) {
            throw new IllegalArgumentException("jobs, workers, window and rounds must be at least 1");
        }
        int warmUp = Math.max(50_000, jobs / 2);
        int warmUpRounds = 4;
        boolean virtual = virtualThreadsAvailable();
        System.out.printf(Locale.ROOT, "jobs=%,d workers=%d window=%d rounds=%d warm-up=%d x %,d cpus=%d java=%s"
                        + " virtual threads=%s%n",
                jobs, workers, window, rounds, warmUpRounds, warmUp, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), virtual ? "yes" : "no (needs Java 21+)");

        // the engine's code needs far longer than the pool's to reach C2 (one warm-up showed the JIT at a quarter of
        // the CPU of the first measured rounds); the same warm-up for both sides, long enough for the slower one
        for (int i = 0; i < warmUpRounds; i++) {
            runPool(warmUp, workers, window);
            runEngine(warmUp, workers, window, false);
            runEngine(warmUp, workers, window, false, true);
            if (virtual) {
                runEngine(warmUp, workers, window, true);
            }
        }
        Result bestPool = null;
        Result bestEngine = null;
        Result bestVirtual = null;
        Result bestObserved = null;
        // alternating rounds, best of each: on a shared machine the least disturbed round shows what the code can do
        for (int round = 1; round <= rounds; round++) {
            System.gc();
            Result pool = runPool(jobs, workers, window);
            System.out.println("round " + round + "  " + pool.line("ThreadPoolExecutor"));
            System.gc();
            Result engine = runEngine(jobs, workers, window, false);
            System.out.println("round " + round + "  " + engine.line("AsyncJobs"));
            bestPool = better(bestPool, pool);
            bestEngine = better(bestEngine, engine);
            System.gc();
            Result observed = runEngine(jobs, workers, window, false, true);
            System.out.println("round " + round + "  " + observed.line("AsyncJobs+metrics"));
            bestObserved = better(bestObserved, observed);
            if (virtual) {
                System.gc();
                Result onVirtual = runEngine(jobs, workers, window, true);
                System.out.println("round " + round + "  " + onVirtual.line("AsyncJobs virtual"));
                bestVirtual = better(bestVirtual, onVirtual);
            }
        }

        System.out.println("best    " + bestPool.line("ThreadPoolExecutor"));
        System.out.println("best    " + bestEngine.line("AsyncJobs"));
        System.out.println("best    " + bestObserved.line("AsyncJobs+metrics"));
        if (bestVirtual != null) {
            System.out.println("best    " + bestVirtual.line("AsyncJobs virtual"));
        }
        System.out.printf(Locale.ROOT, "ratio AsyncJobs/ThreadPoolExecutor = %.3f (goal >= 0.5)%n",
                bestEngine.throughput() / bestPool.throughput());
        System.out.printf(Locale.ROOT, "cpu/job (best rounds): platform threads %.2f us, virtual threads %s"
                        + " (goal <= %.2f us: platform %s%s)%n",
                bestEngine.cpuPerJobMicros(),
                bestVirtual == null ? "n/a (needs Java 21+)" : String.format(Locale.ROOT, "%.2f us",
                        bestVirtual.cpuPerJobMicros()),
                CPU_PER_JOB_GOAL_MICROS, verdict(bestEngine),
                bestVirtual == null ? "" : ", virtual " + verdict(bestVirtual));
        double overhead = (bestObserved.cpuPerJobMicros() / bestEngine.cpuPerJobMicros() - 1) * 100;
        System.out.printf(Locale.ROOT, "cpu/job with the Micrometer binding: %.2f us, %+.1f %% against %.2f us without"
                        + " (goal <= +%d %%: %s)%n", bestObserved.cpuPerJobMicros(), overhead,
                bestEngine.cpuPerJobMicros(), OBSERVED_OVERHEAD_GOAL_PERCENT,
                overhead <= OBSERVED_OVERHEAD_GOAL_PERCENT ? "met" : "NOT met");
    }

    private static Result better(Result best, Result candidate) {
        return best == null || candidate.throughput() > best.throughput() ? candidate : best;
    }

    private static String verdict(Result result) {
        return result.cpuPerJobMicros() <= CPU_PER_JOB_GOAL_MICROS ? "met" : "NOT met";
    }

    private static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /** The same no-op work on a bare pool; completion observed through a future, as for the engine. */
    private static Result runPool(int jobs, int workers, int window) throws InterruptedException {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>());
        try {
            Driver driver = new Driver(jobs, window);
            driver.startCpu();
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                driver.acquire();
                int n = i;
                long submitted = System.nanoTime();
                CompletableFuture.supplyAsync(() -> n, pool)
                        .whenComplete((out, error) -> driver.done(n, submitted, error == null && out == n));
            }
            return driver.finish(start);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result runEngine(int jobs, int workers, int window, boolean virtual) throws InterruptedException {
        return runEngine(jobs, workers, window, virtual, false);
    }

    /**
     * No-op jobs through the facade: submit, then awaitAsync; on virtual threads if asked; with the Micrometer
     * binding if asked.
     */
    private static Result runEngine(int jobs, int workers, int window, boolean virtual, boolean observed)
            throws InterruptedException {
        AsyncJobsMetrics metrics = observed ? new AsyncJobsMetrics(new SimpleMeterRegistry()) : null;
        AsyncJobs.Builder builder = AsyncJobs.builder()
                .store(new InMemoryJobStore())
                .workers(workers)
                .queueCapacity(window)
                .keepJobsForever()
                .register("noop", Integer.class, Integer.class, (in, ctx) -> in);
        if (virtual) {
            builder.virtualThreads();
        }
        if (metrics != null) {
            builder.listener(metrics);
        }
        try (AsyncJobs engine = builder.build()) {
            if (metrics != null) {
                metrics.bindGauges(engine);
            }
            Driver driver = new Driver(jobs, window);
            Duration maxWait = Duration.ofMinutes(10);
            driver.startCpu();
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                driver.acquire();
                int n = i;
                long submitted = System.nanoTime();
                Job job = engine.submit("noop", n);
                engine.awaitAsync(job.id(), maxWait).whenComplete((done, error) -> driver.done(n, submitted,
                        error == null && done.status() == JobStatus.COMPLETED));
            }
            return driver.finish(start);
        }
    }

    /** Bounds jobs in flight and records each job's latency. */
    private static final class Driver {
        private final Semaphore inFlight;
        private final long[] latencies;
        private final CountDownLatch finished;
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicLong lastDone = new AtomicLong();
        private long processCpuAtStart;
        private long submitterCpuAtStart;

        Driver(int jobs, int window) {
            this.inFlight = new Semaphore(window);
            this.latencies = new long[jobs];
            this.finished = new CountDownLatch(jobs);
        }

        /** CPU time is read as well as wall time: on a shared machine it says more about the code's cost. */
        void startCpu() {
            processCpuAtStart = processCpuNanos();
            submitterCpuAtStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        void acquire() throws InterruptedException {
            inFlight.acquire();
        }

        void done(int n, long submitted, boolean ok) {
            long now = System.nanoTime();
            latencies[n] = now - submitted;
            lastDone.accumulateAndGet(now, Math::max);
            if (!ok) {
                failures.incrementAndGet();
            }
            inFlight.release();
            finished.countDown();
        }

        Result finish(long start) throws InterruptedException {
            long submitterCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - submitterCpuAtStart;
            if (!finished.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("jobs did not finish within 10 minutes");
            }
            long processCpu = processCpuNanos() - processCpuAtStart;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " jobs did not complete as expected");
            }
            long elapsed = lastDone.get() - start;
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(latencies.length, elapsed, percentile(sorted, 50), percentile(sorted, 99),
                    processCpu, submitterCpu);
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        private static long percentile(long[] sorted, int p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }

    /**
     * One round's figures. CPU is the whole process's (GC and JIT included) and the submitting thread's,
     * per job, from the first submit to the last completion.
     */
    private record Result(int jobs, long elapsedNanos, long p50Nanos, long p99Nanos, long processCpuNanos,
                          long submitterCpuNanos) {
        double throughput() {
            return jobs / (elapsedNanos / 1e9);
        }

        double cpuPerJobMicros() {
            return processCpuNanos / 1e3 / jobs;
        }

        String line(String name) {
            return String.format(Locale.ROOT, "%-18s %,10.0f jobs/s  (%,d jobs in %.2f s)  latency p50 %.1f us  p99 %.1f us"
                            + "  cpu/job %.2f us (submitter %.2f us)",
                    name, throughput(), jobs, elapsedNanos / 1e9, p50Nanos / 1e3, p99Nanos / 1e3,
                    processCpuNanos / 1e3 / jobs, submitterCpuNanos / 1e3 / jobs);
        }
    }
}
