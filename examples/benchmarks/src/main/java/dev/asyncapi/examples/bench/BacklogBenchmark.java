package dev.asyncapi.examples.bench;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.memory.InMemoryJobStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backlog far longer than the lease: {@code jobs} blocking jobs of {@code duration} each, submitted at
 * once to {@code workers} workers with a lease shorter than the time most of them wait in the queue.
 * Since the lease starts when a worker claims a job, a waiting job must never be taken for abandoned:
 * each handler should start exactly once, no run should be interrupted, and the store should never show
 * more jobs Running than there are workers.
 *
 * <p>Prints the handler starts per job (goal 1.00), the runs interrupted (goal 0), the highest attempt
 * recorded, the largest number of jobs seen Running by a poller thread (goal at most {@code workers}) both
 * through {@link AsyncJobs#query} and through a {@link AsyncJobs#find} of every id, the most handlers
 * seen executing at once, and the wall time (ideal: {@code ceil(jobs / workers) * duration}).
 *
 * <p>Usage: {@code BacklogBenchmark [jobs=300] [duration=2s] [workers=4] [lease=1s]}; each may also be
 * given as a system property ({@code -Dbacklog.jobs=40 -Dbacklog.duration=200ms -Dbacklog.workers=4
 * -Dbacklog.lease=1s}); arguments win. Durations are {@code 200ms}, {@code 2s} or a number of milliseconds.
 */
public final class BacklogBenchmark {

    private static final String TYPE = "sleep";
    /** Pause between two polls of the store: short enough to catch a brief excess, long enough to leave CPU. */
    private static final Duration POLL_PAUSE = Duration.ofMillis(5);

    private BacklogBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args optional: jobs, duration, workers, lease
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(setting(args, 0, "backlog.jobs", "300").replace("_", ""));
        Duration duration = parseDuration(setting(args, 1, "backlog.duration", "2s"));
        int workers = Integer.parseInt(setting(args, 2, "backlog.workers", "4"));
        Duration lease = parseDuration(setting(args, 3, "backlog.lease", "1s"));
        if (jobs < 1 || workers < 1 || duration.isNegative()) {
            throw new IllegalArgumentException("jobs and workers must be at least 1, duration not negative");
        }
        Duration ideal = duration.multipliedBy((jobs + workers - 1) / workers);
        System.out.printf(Locale.ROOT, "jobs=%d duration=%d ms workers=%d lease=%d ms ideal wall=%.1f s"
                        + " (last job waits ~%.1f s, %.0f leases) java=%s%n",
                jobs, duration.toMillis(), workers, lease.toMillis(), ideal.toMillis() / 1e3,
                ideal.minus(duration).toMillis() / 1e3, (double) ideal.minus(duration).toMillis() / lease.toMillis(),
                System.getProperty("java.version"));

        ConcurrentHashMap<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger executing = new AtomicInteger();
        AtomicInteger maxExecuting = new AtomicInteger();
        try (AsyncJobs engine = AsyncJobs.builder()
                .store(new InMemoryJobStore())
                .workers(workers)
                .queueCapacity(jobs)
                .leaseDuration(lease)
                .keepJobsForever()
                .register(TYPE, Integer.class, Integer.class, (in, ctx) -> {
                    starts.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
                    maxExecuting.accumulateAndGet(executing.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(duration.toMillis());
                        return in;
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    } finally {
                        executing.decrementAndGet();
                    }
                })
                .build()) {
            List<String> ids = new ArrayList<>(jobs);
            Poller poller = new Poller(engine, ids);
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                ids.add(engine.submit(TYPE, i).id());
            }
            poller.start();

            int maxAttempt = 0;
            int notCompleted = 0;
            Duration maxWait = ideal.multipliedBy(3).plusMinutes(1);
            for (String id : ids) {
                Job done = engine.await(id, maxWait);
                maxAttempt = Math.max(maxAttempt, done.attempt());
                if (done.status() != JobStatus.COMPLETED) {
                    notCompleted++;
                    System.out.println("not completed: " + done);
                }
            }
            long wall = System.nanoTime() - start;
            poller.stop();

            long totalStarts = starts.values().stream().mapToLong(AtomicInteger::get).sum();
            long startedTwice = starts.values().stream().filter(n -> n.get() > 1).count();
            System.out.printf(Locale.ROOT, "handler starts per job     %.2f (%d starts, %d jobs started more than once;"
                    + " goal 1.00: %s)%n", (double) totalStarts / jobs, totalStarts, startedTwice,
                    totalStarts == jobs ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "runs interrupted           %d (goal 0)%n", interrupted.get());
            System.out.printf(Locale.ROOT, "highest attempt            %d; jobs not Completed %d%n", maxAttempt, notCompleted);
            System.out.printf(Locale.ROOT, "max Running seen (query)   %d (goal <= %d: %s; %d polls)%n",
                    poller.maxByQuery.get(), workers, poller.maxByQuery.get() <= workers ? "met" : "NOT met",
                    poller.polls.get());
            System.out.printf(Locale.ROOT, "max Running seen (find)    %d (a find of every id per poll; not one snapshot)%n",
                    poller.maxByFind.get());
            System.out.printf(Locale.ROOT, "max handlers executing     %d%n", maxExecuting.get());
            System.out.printf(Locale.ROOT, "wall time                  %.2f s (ideal %.2f s, ratio %.3f)%n",
                    wall / 1e9, ideal.toMillis() / 1e3, wall / 1e6 / ideal.toMillis());
        }
    }

    /** Reads the store as a client would while the backlog drains, and keeps the most Running jobs seen. */
    private static final class Poller implements Runnable {
        private final AsyncJobs engine;
        private final List<String> ids;
        private final Thread thread = new Thread(this, "backlog-poller");
        private final AtomicInteger maxByQuery = new AtomicInteger();
        private final AtomicInteger maxByFind = new AtomicInteger();
        private final AtomicLong polls = new AtomicLong();
        private volatile boolean stopped;

        Poller(AsyncJobs engine, List<String> ids) {
            this.engine = engine;
            this.ids = ids;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
        }

        @Override
        public void run() {
            JobQuery running = JobQuery.builder().statuses(JobStatus.RUNNING).pageSize(JobQuery.MAX_PAGE_SIZE).build();
            while (!stopped) {
                maxByQuery.accumulateAndGet(countAll(running), Math::max);
                int byFind = 0;
                for (String id : ids) {
                    Optional<Job> job = engine.find(id);
                    if (job.isPresent() && job.get().status() == JobStatus.RUNNING) {
                        byFind++;
                    }
                }
                maxByFind.accumulateAndGet(byFind, Math::max);
                polls.incrementAndGet();
                try {
                    Thread.sleep(POLL_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private int countAll(JobQuery query) {
            int count = 0;
            JobQuery page = query;
            while (true) {
                JobPage result = engine.query(page);
                count += result.jobs().size();
                if (result.continuationToken().isEmpty()) {
                    return count;
                }
                page = query.withContinuationToken(result.continuationToken().get());
            }
        }
    }

    private static String setting(String[] args, int index, String property, String fallback) {
        return args.length > index ? args[index] : System.getProperty(property, fallback);
    }

    /** {@code 200ms}, {@code 2s}, or a number of milliseconds. */
    private static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Long.parseLong(value));
    }
}
