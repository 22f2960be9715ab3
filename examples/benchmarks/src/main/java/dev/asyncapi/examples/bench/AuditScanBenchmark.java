package dev.asyncapi.examples.bench;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.examples.audit.AuditCountJob;
import dev.asyncapi.examples.audit.AuditQuery;
import dev.asyncapi.examples.audit.AuditSeeder;
import dev.asyncapi.examples.audit.AuditTables;
import dev.asyncapi.examples.audit.StorageOptions;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Prints how the audit count job performs against Azurite (not a test; run by hand):
 * <ol>
 *   <li>the job, run through the {@link AsyncJobs} engine over at least 60,000 seeded rows, against a raw-SDK
 *       sequential scan of the same rows (one range query) in the same run; goal: job time at most 1.1 times
 *       the raw scan;</li>
 *   <li>the job scanning partitions in parallel against the same job with concurrency 1, with about 20 ms of
 *       latency injected per storage request by an azure-core {@link HttpPipelinePolicy}, as a remote
 *       storage account adds; goal: a speed-up of at least 4.</li>
 * </ol>
 * Each figure is the median of several runs after a warm-up.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl examples/benchmarks -am
 * mvn -B -q -pl examples/benchmarks exec:java -Dexec.mainClass=dev.asyncapi.examples.bench.AuditScanBenchmark
 * </pre>
 * Options (system properties): {@code bench.days} (30), {@code bench.rowsPerDay} (2000), {@code bench.runs} (5),
 * {@code bench.latencyMs} (20), {@code bench.latencyDays} (30), {@code bench.latencyRowsPerDay} (200),
 * {@code bench.concurrency} (8).
 */
public final class AuditScanBenchmark {

    private AuditScanBenchmark() {
    }

    /**
     * Runs the benchmark and prints the figures.
     *
     * @param args ignored
     * @throws Exception if Azurite cannot start or a scan fails
     */
    public static void main(String[] args) throws Exception {
        int days = Integer.getInteger("bench.days", 30);
        int rowsPerDay = Integer.getInteger("bench.rowsPerDay", 2000);
        int runs = Integer.getInteger("bench.runs", 5);
        int latencyMs = Integer.getInteger("bench.latencyMs", 20);
        int latencyDays = Integer.getInteger("bench.latencyDays", 30);
        int latencyRowsPerDay = Integer.getInteger("bench.latencyRowsPerDay", 200);
        int concurrency = Integer.getInteger("bench.concurrency", AuditCountJob.DEFAULT_CONCURRENCY);

        try (AzuriteServer azurite = AzuriteServer.startInMemory()) {
            String connection = azurite.connectionString();
            StorageOptions plain = StorageOptions.defaults();
            AuditSeeder big = new AuditSeeder(LocalDate.of(2021, 8, 1), days, rowsPerDay);
            AuditSeeder small = new AuditSeeder(LocalDate.of(2022, 3, 1), latencyDays, latencyRowsPerDay);
            long seedStart = System.nanoTime();
            big.seed(AuditTables.serviceClient(connection, plain));
            small.seed(AuditTables.serviceClient(connection, plain));
            System.out.printf("Seeded %,d + %,d rows into Azurite in %.1f s%n", big.totalRows(), small.totalRows(),
                    seconds(System.nanoTime() - seedStart));

            // Part 1: the job through the engine against one raw sequential range scan of the same rows.
            AuditQuery all = AuditQuery.of(big.firstDay(), big.lastDay());
            long expected = big.expectedCount(all);
            TableClient table = AuditTables.tableClient(connection, plain);
            try (AsyncJobs jobs = engine(new AuditCountJob(table, concurrency, Duration.ZERO))) {
                LongSupplier job = () -> runJob(jobs, all);
                LongSupplier raw = () -> rawSequentialScan(table, all);
                check("job", job.getAsLong(), expected);
                check("raw", raw.getAsLong(), expected);
                List<Long> jobTimes = new ArrayList<>();
                List<Long> rawTimes = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    rawTimes.add(time(raw, expected));
                    jobTimes.add(time(job, expected));
                }
                double jobS = seconds(median(jobTimes));
                double rawS = seconds(median(rawTimes));
                System.out.printf("%nPart 1: %,d rows over %d day partitions, distinct ids %,d, median of %d runs%n",
                        big.totalRows(), days, expected, runs);
                System.out.printf("  raw SDK, one sequential range scan : %6.3f s%n", rawS);
                System.out.printf("  audit job (engine, %2d partitions at once): %6.3f s%n", concurrency, jobS);
                System.out.printf("  job / raw = %.2f (goal <= 1.10: %s)%n", jobS / rawS, jobS / rawS <= 1.10 ? "met" : "NOT met");
            }

            // Part 2: parallel against sequential partition scans with latency injected per request.
            StorageOptions slow = plain.withPolicy(new LatencyPolicy(Duration.ofMillis(latencyMs)));
            TableClient slowTable = AuditTables.tableClient(connection, slow);
            AuditQuery range = AuditQuery.of(small.firstDay(), small.lastDay());
            long expectedSmall = small.expectedCount(range);
            try (AsyncJobs parallel = engine(new AuditCountJob(slowTable, concurrency, Duration.ZERO));
                 AsyncJobs sequential = engine(new AuditCountJob(slowTable, 1, Duration.ZERO))) {
                check("parallel", runJob(parallel, range), expectedSmall);
                check("sequential", runJob(sequential, range), expectedSmall);
                List<Long> parTimes = new ArrayList<>();
                List<Long> seqTimes = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    seqTimes.add(time(() -> runJob(sequential, range), expectedSmall));
                    parTimes.add(time(() -> runJob(parallel, range), expectedSmall));
                }
                double seqS = seconds(median(seqTimes));
                double parS = seconds(median(parTimes));
                System.out.printf("%nPart 2: %,d rows over %d day partitions, %d ms injected per storage request, "
                        + "median of %d runs%n", small.totalRows(), latencyDays, latencyMs, runs);
                System.out.printf("  sequential (1 partition at a time)  : %6.3f s%n", seqS);
                System.out.printf("  parallel (%2d partitions at a time)  : %6.3f s%n", concurrency, parS);
                System.out.printf("  speed-up = %.1fx (goal >= 4: %s)%n", seqS / parS, seqS / parS >= 4 ? "met" : "NOT met");
            }
        }
    }

    private static AsyncJobs engine(AuditCountJob job) {
        return AsyncJobs.builder().register(AuditCountJob.TYPE, AuditQuery.class, Long.class, job).build();
    }

    private static long runJob(AsyncJobs jobs, AuditQuery query) {
        try {
            Job job = jobs.submit(AuditCountJob.TYPE, query);
            Job done = jobs.await(job.id(), Duration.ofMinutes(5));
            if (done.status() != JobStatus.COMPLETED) {
                throw new IllegalStateException("the audit job ended " + done.status().wireName() + ": " + done.failure());
            }
            return jobs.output(done, Long.class).orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a hand-written scan does: one range query, read page after page, distinct ids in a set. */
    private static long rawSequentialScan(TableClient table, AuditQuery query) {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey ge " + AuditTables.literal(query.start()) + " and PartitionKey le "
                        + AuditTables.literal(query.end()) + " and " + AuditTables.CERT_COLUMN + " ne ''")
                .setSelect(List.of(AuditTables.ID_COLUMN));
        Set<String> ids = new HashSet<>();
        for (TableEntity entity : table.listEntities(options, null, Context.NONE)) {
            ids.add(entity.getProperty(AuditTables.ID_COLUMN).toString());
        }
        return ids.size();
    }

    private static long time(LongSupplier run, long expected) {
        long start = System.nanoTime();
        long count = run.getAsLong();
        long elapsed = System.nanoTime() - start;
        check("timed run", count, expected);
        return elapsed;
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " counted " + actual + ", expected " + expected);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Delays every storage request, as the network to a remote storage account does. */
    private static final class LatencyPolicy implements HttpPipelinePolicy {
        private final Duration delay;

        LatencyPolicy(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return Mono.delay(delay).then(next.process());
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            try {
                Thread.sleep(delay.toMillis()); // the injected latency itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while injecting latency", e);
            }
            return next.processSync();
        }
    }
}
