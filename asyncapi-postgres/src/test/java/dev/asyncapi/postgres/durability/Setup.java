package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Shared set-up and bookkeeping of the durability tests. */
final class Setup {

    private Setup() {
    }

    /** A fresh schema name, so tests sharing one server never see each other's jobs. */
    static String schema(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** The folder of one test's worker logs, runs files and class path copy, kept under {@code target/}. */
    static Path workDir(String schema) {
        Path dir = Path.of("target", "durability-it", schema).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** A data source of the server's database whose connections carry {@code applicationName}. */
    static DataSource dataSource(PostgresServer server, String applicationName) {
        PGSimpleDataSource ds = (PGSimpleDataSource) server.dataSource();
        ds.setApplicationName(applicationName);
        return ds;
    }

    /**
     * A store of the test JVM as the workers build theirs: its change feed's connection is named
     * {@link PgWorker#listenerName listen-<name>}.
     */
    static PostgresJobStore store(PostgresServer server, String schema, String name) {
        return PostgresJobStore.builder(dataSource(server, "asyncapi-" + name)).schema(schema)
                .listenerDataSource(dataSource(server, PgWorker.listenerName(name))).build();
    }

    /** Every run event of the workers, by job id, in file order per worker. */
    static Map<String, List<RunEvent>> eventsByJob(Collection<WorkerProcess> workers) {
        Map<String, List<RunEvent>> byJob = new HashMap<>();
        for (WorkerProcess w : workers) {
            for (RunEvent e : w.runs()) {
                byJob.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e);
            }
        }
        return byJob;
    }

    /** How many jobs have a status, page by page. */
    static int count(AsyncJobs jobs, JobStatus status) {
        JobQuery query = JobQuery.builder().statuses(status).pageSize(JobQuery.MAX_PAGE_SIZE).build();
        List<Job> found = new ArrayList<>();
        JobPage page = jobs.query(query);
        found.addAll(page.jobs());
        while (page.continuationToken().isPresent()) {
            page = jobs.query(query.withContinuationToken(page.continuationToken().get()));
            found.addAll(page.jobs());
        }
        return found.size();
    }
}
