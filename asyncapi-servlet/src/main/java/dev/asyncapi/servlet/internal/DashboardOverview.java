package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The dashboard's summary, worked out from the store with the management query (no store-specific count):
 * one scan, page by page up to {@link #SCAN_LIMIT} jobs, gives the counts by status and type, the jobs that
 * look stuck, an hour of throughput and failures per minute (by {@code finishedAt}), and the queue wait and
 * run time of the jobs that finished in that hour. The answer says whether the scan saw every job.
 */
final class DashboardOverview {

    /** Most jobs one summary reads; beyond it the counts are lower bounds and the answer says so. */
    static final int SCAN_LIMIT = 50_000;
    /** A Pending job due for longer than this is listed as stuck. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    /** Most stuck jobs listed. */
    static final int STUCK_SHOWN = 20;
    private static final int MINUTES = 60;

    private final Instant now;
    private final Instant hourStart;
    private final Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
    private final Map<String, Map<JobStatus, Integer>> byType = new TreeMap<>();
    private final List<Job> stuck = new ArrayList<>();
    private final long[] completed = new long[MINUTES];
    private final long[] failed = new long[MINUTES];
    private final long[] terminated = new long[MINUTES];
    private final List<Long> queueWaits = new ArrayList<>();
    private final List<Long> runTimes = new ArrayList<>();
    private int scanned;
    private boolean complete;

    private DashboardOverview(Instant now) {
        this.now = now;
        this.hourStart = now.minus(Duration.ofMinutes(MINUTES));
        for (JobStatus status : JobStatus.values()) {
            byStatus.put(status, 0);
        }
    }

    /**
     * Reads the store and writes the summary.
     *
     * @param gauges writes this instance's engine gauges into the answer, if this build has them
     */
    static String of(AsyncJobs jobs, Instant now, Consumer<JsonWriter> gauges) {
        DashboardOverview overview = new DashboardOverview(now);
        for (String type : jobs.types()) {
            overview.typeCounts(type);
        }
        overview.scan(jobs);
        return overview.write(gauges);
    }

    private void scan(AsyncJobs jobs) {
        JobQuery query = JobQuery.builder().pageSize(JobQuery.MAX_PAGE_SIZE).build();
        while (true) {
            JobPage page = jobs.query(query);
            for (Job job : page.jobs()) {
                count(job);
            }
            scanned += page.jobs().size();
            if (page.continuationToken().isEmpty()) {
                complete = true;
                return;
            }
            if (scanned >= SCAN_LIMIT) {
                return;
            }
            query = query.withContinuationToken(page.continuationToken().get());
        }
    }

    private void count(Job job) {
        byStatus.merge(job.status(), 1, Integer::sum);
        typeCounts(job.type()).merge(job.status(), 1, Integer::sum);
        if (stuck.size() < STUCK_SHOWN && isStuck(job)) {
            stuck.add(job);
        }
        if (job.finishedAt().isPresent() && !job.finishedAt().get().isBefore(hourStart)
                && job.finishedAt().get().isBefore(now)) {
            int minute = (int) Duration.between(hourStart, job.finishedAt().get()).toMinutes();
            long[] series = job.status() == JobStatus.COMPLETED ? completed
                    : job.status() == JobStatus.FAILED ? failed : terminated;
            series[Math.min(minute, MINUTES - 1)]++;
            job.startedAt().ifPresent(started -> {
                queueWaits.add(DashboardJob.queueWait(job).orElseThrow().toMillis());
                runTimes.add(Duration.between(started, job.finishedAt().get()).toMillis());
            });
        }
    }

    private boolean isStuck(Job job) {
        if (job.status() == JobStatus.RUNNING) {
            return job.lease().map(lease -> lease.isExpiredAt(now)).orElse(true);
        }
        return job.status() == JobStatus.PENDING && job.notBefore().isBefore(now.minus(STUCK_AFTER));
    }

    private Map<JobStatus, Integer> typeCounts(String type) {
        return byType.computeIfAbsent(type, t -> {
            Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus status : JobStatus.values()) {
                counts.put(status, 0);
            }
            return counts;
        });
    }

    private String write(Consumer<JsonWriter> gauges) {
        JsonWriter json = new JsonWriter().string("now", now.toString()).number("scanned", scanned)
                .bool("complete", complete).number("scanLimit", SCAN_LIMIT);
        json.startObject("statuses");
        byStatus.forEach((status, n) -> json.number(status.wireName(), n));
        json.endObject().startArray("types");
        byType.forEach((type, counts) -> {
            json.startObject().string("type", type);
            counts.forEach((status, n) -> json.number(status.wireName(), n));
            json.endObject();
        });
        json.endArray().startArray("stuck");
        for (Job job : stuck) {
            json.startObject().string("id", job.id()).string("type", job.type())
                    .string("status", job.status().wireName())
                    .string("reason", job.status() == JobStatus.RUNNING ? "lease expired"
                            : "due for over " + STUCK_AFTER.toMinutes() + " minutes")
                    .string("since", (job.status() == JobStatus.RUNNING
                            ? job.lease().map(l -> l.expiresAt()).orElse(job.updatedAt()) : job.notBefore()).toString())
                    .endObject();
        }
        json.endArray().startObject("hour").string("from", hourStart.toString()).number("bucketSeconds", 60);
        series(json, "completed", completed);
        series(json, "failed", failed);
        series(json, "terminated", terminated);
        json.endObject().startObject("timing");
        percentiles(json, "queueWaitMs", queueWaits);
        percentiles(json, "runMs", runTimes);
        json.endObject();
        gauges.accept(json);
        return json.finish();
    }

    private static void series(JsonWriter json, String name, long[] values) {
        json.startArray(name);
        for (long value : values) {
            json.element(value);
        }
        json.endArray();
    }

    private static void percentiles(JsonWriter json, String name, List<Long> values) {
        json.startObject(name).number("count", values.size());
        if (!values.isEmpty()) {
            Collections.sort(values);
            json.number("p50", values.get((values.size() - 1) / 2))
                    .number("p95", values.get((int) Math.ceil(values.size() * 0.95) - 1))
                    .number("max", values.get(values.size() - 1));
        }
        json.endObject();
    }
}
