package dev.asyncapi.examples.audit;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import dev.asyncapi.core.JobContext;
import dev.asyncapi.core.JobFailedException;
import dev.asyncapi.core.JobHandler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit count: distinct {@code identificationNumber} values over the day partitions of a range,
 * among rows whose {@code CertNumber} is not empty.
 *
 * <p>Each day partition is one filtered query ({@code PartitionKey eq 'day' and CertNumber ne ''},
 * selecting only {@code identificationNumber}); the SDK's paged iterable follows continuation tokens.
 * Partitions are scanned in parallel, at most {@code concurrency} at a time, and progress
 * ({@link AuditProgress}) is reported after every page.
 *
 * <p>Failures to reach or read the table become a {@link JobFailedException} with a code and a message
 * that names the endpoint (never the connection string). Thread-safe: one instance serves all jobs.
 */
public final class AuditCountJob implements JobHandler<AuditQuery, Long> {

    /** The job type name. */
    public static final String TYPE = "audit-count";
    /** Default partitions scanned at once: {@value}. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** Failure code when the table cannot be reached or read. */
    public static final String TABLE_UNREACHABLE = "AuditTableUnreachable";
    /** Failure code when the table does not exist. */
    public static final String TABLE_NOT_FOUND = "AuditTableNotFound";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final TableClient table;
    private final int concurrency;
    private final Duration demoPartitionDelay;
    private final String endpoint;

    /**
     * Creates the job.
     *
     * @param table              a client of the audit table
     * @param concurrency        the most partitions scanned at once, at least 1
     * @param demoPartitionDelay an artificial pause before each partition, ONLY for the demo so the
     *                           Running state is visible; {@link Duration#ZERO} for real use
     * @throws IllegalArgumentException if {@code concurrency} is less than 1 or the delay negative
     */
    public AuditCountJob(TableClient table, int concurrency, Duration demoPartitionDelay) {
        this.table = Objects.requireNonNull(table, "table cannot be null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        if (Objects.requireNonNull(demoPartitionDelay, "demoPartitionDelay cannot be null").isNegative()) {
            throw new IllegalArgumentException("demoPartitionDelay cannot be negative, but was " + demoPartitionDelay);
        }
        this.concurrency = concurrency;
        this.demoPartitionDelay = demoPartitionDelay;
        this.endpoint = AuditTables.describe(table);
    }

    /**
     * Builds the filter of one day partition, with escaped literals.
     *
     * @param partitionKey the day, {@code yyyy-MM-dd}
     * @return the OData filter
     */
    public static String partitionFilter(String partitionKey) {
        return "PartitionKey eq " + AuditTables.literal(partitionKey) + " and " + AuditTables.CERT_COLUMN
                + " ne " + AuditTables.literal("");
    }

    @Override
    public Long handle(AuditQuery query, JobContext context) throws InterruptedException {
        List<String> partitions = query.partitionKeys();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        AtomicLong rows = new AtomicLong();
        context.reportProgress(new AuditProgress(0, partitions.size(), 0));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, partitions.size()),
                scanThreads(context.jobId()));
        try {
            CompletionService<Void> scans = new ExecutorCompletionService<>(pool);
            for (String partition : partitions) {
                scans.submit(() -> {
                    scanPartition(partition, ids, rows, () -> context.reportProgress(
                            new AuditProgress(done.get(), partitions.size(), rows.get())));
                    context.reportProgress(new AuditProgress(done.incrementAndGet(), partitions.size(), rows.get()));
                    return null;
                });
            }
            for (int i = 0; i < partitions.size(); i++) {
                try {
                    scans.take().get();
                } catch (ExecutionException e) {
                    throw translate(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return (long) ids.size();
    }

    private void scanPartition(String partition, Set<String> ids, AtomicLong rows, Runnable onPage)
            throws InterruptedException {
        if (!demoPartitionDelay.isZero()) {
            Thread.sleep(demoPartitionDelay.toMillis()); // demo only: makes the Running state observable
        }
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(partitionFilter(partition))
                .setSelect(List.of(AuditTables.ID_COLUMN));
        for (var page : table.listEntities(options, null, Context.NONE).iterableByPage()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("audit scan of " + partition + " interrupted");
            }
            for (TableEntity entity : page.getElements()) {
                Object id = entity.getProperty(AuditTables.ID_COLUMN);
                if (id != null) {
                    ids.add(id.toString());
                }
                rows.incrementAndGet();
            }
            onPage.run();
        }
    }

    private JobFailedException translate(Throwable failure) throws InterruptedException {
        if (failure instanceof InterruptedException ie) {
            throw ie;
        }
        if (failure instanceof TableServiceException tse) {
            int status = tse.getResponse() == null ? 0 : tse.getResponse().getStatusCode();
            if (status == 404) {
                return new JobFailedException(TABLE_NOT_FOUND, "Table '" + AuditTables.TABLE_NAME
                        + "' does not exist at " + endpoint + ".", false, failure);
            }
            return new JobFailedException(TABLE_UNREACHABLE, "Table '" + AuditTables.TABLE_NAME + "' at " + endpoint
                    + " answered HTTP " + status + ".", false, failure);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof java.net.ConnectException ? "connection refused"
                : root instanceof java.util.concurrent.TimeoutException || root instanceof java.net.SocketTimeoutException
                ? "timed out" : root.getClass().getSimpleName();
        return new JobFailedException(TABLE_UNREACHABLE, "Table '" + AuditTables.TABLE_NAME + "' at " + endpoint
                + " could not be reached (" + why + ").", false, failure);
    }

    private static ThreadFactory scanThreads(String jobId) {
        String prefix = "audit-scan-" + jobId.substring(0, Math.min(8, jobId.length())) + "-";
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
