package dev.asyncapi.examples.bench;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.memory.InMemoryJobStore;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many blocking jobs at once on virtual threads ({@link AsyncJobs.Builder#virtualThreads()}, Java 21 or
 * later): {@code jobs} jobs that each block in {@code Thread.sleep(sleep)}, with {@code workers(jobs)} so all
 * of them run together. Prints the wall time from the first submit until every job is Completed (ideal:
 * just over {@code sleep}), the most handlers seen sleeping at once, and the platform threads of the JVM
 * ({@link ThreadMXBean} peak and live counts, which do not count virtual threads): a handful, not one per
 * job. A warm-up round of the same jobs with a 10 ms sleep runs first, on its own engine, so that the
 * measured submits run compiled code.
 *
 * <p>On Java 17 to 20 it prints that it needs Java 21 or later and returns normally.
 *
 * <p>Usage: {@code VirtualThreadsBenchmark [jobs=10000] [sleepMillis=1000]}
 */
public final class VirtualThreadsBenchmark {

    private static final String TYPE = "sleep";

    private VirtualThreadsBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args optional: job count, sleep per job in milliseconds
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
        long sleepMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        if (jobs < 1 || sleepMillis < 0) {
            throw new IllegalArgumentException("jobs must be at least 1 and sleepMillis not negative");
        }
        if (Runtime.version().feature() < 21) {
            System.out.println("VirtualThreadsBenchmark needs Java 21 or later (virtual threads); this JVM is Java "
                    + Runtime.version().feature() + ": nothing to measure");
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "jobs=%,d sleep=%d ms workers=%,d cpus=%d java=%s live platform threads before=%d%n",
                jobs, sleepMillis, jobs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                threads.getThreadCount());

        Round warmUp = run(jobs, 10, threads);
        System.out.printf(Locale.ROOT, "warm-up: %,d jobs of 10 ms, wall %.2f s%n", jobs, warmUp.wallNanos / 1e9);
        System.gc();
        Round round = run(jobs, sleepMillis, threads);
        System.out.printf(Locale.ROOT, "submitted %,d jobs in %.2f s%n", jobs, round.submitNanos / 1e9);
        System.out.printf(Locale.ROOT, "wall time until all complete  %.2f s (ideal just over %.2f s)%n",
                round.wallNanos / 1e9, sleepMillis / 1e3);
        System.out.printf(Locale.ROOT, "completed                     %,d of %,d%n", round.completed, jobs);
        System.out.printf(Locale.ROOT, "most handlers sleeping at once %,d%n", round.maxSleeping);
        System.out.printf(Locale.ROOT, "platform threads: peak %d during the run, live %d after submitting,"
                        + " live %d at the end (virtual threads are not counted)%n",
                round.peakThreads, round.liveMidRun, round.liveAtEnd);
    }

    /** One engine, {@code jobs} sleeping jobs submitted from this thread, awaited through futures. */
    private static Round run(int jobs, long sleepMillis, ThreadMXBean threads) throws Exception {
        AtomicInteger sleeping = new AtomicInteger();
        AtomicInteger maxSleeping = new AtomicInteger();
        try (AsyncJobs engine = AsyncJobs.builder()
                .store(new InMemoryJobStore())
                .workers(jobs)
                .queueCapacity(jobs)
                .virtualThreads()
                .keepJobsForever()
                .register(TYPE, Integer.class, Integer.class, (in, ctx) -> {
                    maxSleeping.accumulateAndGet(sleeping.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(sleepMillis);
                    } finally {
                        sleeping.decrementAndGet();
                    }
                    return in;
                })
                .build()) {
            threads.resetPeakThreadCount();
            Duration maxWait = Duration.ofMillis(sleepMillis).multipliedBy(10).plusMinutes(1);
            List<CompletableFuture<Job>> outcomes = new ArrayList<>(jobs);
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                outcomes.add(engine.awaitAsync(engine.submit(TYPE, i).id(), maxWait));
            }
            long submitted = System.nanoTime();
            int liveMidRun = threads.getThreadCount();
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .get(maxWait.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            long wall = System.nanoTime() - start;
            long completed = outcomes.stream().map(CompletableFuture::join)
                    .filter(job -> job.status() == JobStatus.COMPLETED).count();
            return new Round(submitted - start, wall, completed, maxSleeping.get(), threads.getPeakThreadCount(),
                    liveMidRun, threads.getThreadCount());
        }
    }

    private record Round(long submitNanos, long wallNanos, long completed, int maxSleeping, int peakThreads,
                         int liveMidRun, int liveAtEnd) {
    }
}
