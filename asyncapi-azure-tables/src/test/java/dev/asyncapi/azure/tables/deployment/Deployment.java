package dev.asyncapi.azure.tables.deployment;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Shared set-up and bookkeeping of the deployment tests. */
final class Deployment {

    private Deployment() {
    }

    /** A fresh table name, so tests sharing one Azurite do not see each other's jobs. */
    static String tableName(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /**
     * The folder of one test's worker logs and runs files (and Azurite data), kept under {@code target/} after
     * the run so that a failure can be read there.
     */
    static Path workDir(String table) {
        Path dir = Path.of("target", "deployment-it", table).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** A store as the worker processes build it (default shard count and retries). */
    static AzureTableJobStore store(String connectionString, String table) {
        return AzureTableJobStore.builder().connectionString(connectionString).tableName(table).build();
    }

    /** Every run event of the workers, by job id, in file order per worker. */
    static Map<String, List<RunEvent>> eventsByJob(Collection<WorkerJvm> workers) {
        Map<String, List<RunEvent>> byJob = new HashMap<>();
        for (WorkerJvm w : workers) {
            for (RunEvent e : w.runs()) {
                byJob.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e);
            }
        }
        return byJob;
    }

    /** All jobs matching a query, page by page. */
    static List<Job> all(AsyncJobs jobs, JobQuery query) {
        List<Job> found = new ArrayList<>();
        JobPage page = jobs.query(query);
        found.addAll(page.jobs());
        while (page.continuationToken().isPresent()) {
            page = jobs.query(query.withContinuationToken(page.continuationToken().get()));
            found.addAll(page.jobs());
        }
        return found;
    }

    static int count(AsyncJobs jobs, JobStatus status) {
        return all(jobs, JobQuery.builder().statuses(status).pageSize(JobQuery.MAX_PAGE_SIZE).build()).size();
    }

    /** An interval [from, to) of a run; equal instants count as not overlapping. */
    record Interval(long from, long to) {
    }

    /** The most intervals that hold at one instant. */
    static int maxOverlap(Collection<Interval> intervals) {
        record Edge(long at, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (Interval i : intervals) {
            edges.add(new Edge(i.from(), +1));
            edges.add(new Edge(i.to(), -1));
        }
        // at one instant, ends before starts: a slot freed and taken in the same millisecond is not an overlap
        edges.sort(Comparator.comparingLong(Edge::at).thenComparingInt(Edge::delta));
        int current = 0;
        int max = 0;
        for (Edge e : edges) {
            current += e.delta();
            max = Math.max(max, current);
        }
        return max;
    }
}
