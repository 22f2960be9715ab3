package dev.asyncapi.examples.bench;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.internal.JobTransitions;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Table Storage job store against the raw SDK on one Azurite. Variants, each one job's happy path
 * (create, claim, complete):
 * <ol>
 *   <li>{@link AzureTableJobStore}: three entity-group transactions (job row + due-index row), conditional on
 *       the ETag, with the job record the store keeps;</li>
 *   <li>raw SDK, the same three transactions with the same job record (the properties a job needs: type,
 *       status, input, owner, attempt, timestamps, lease, output, and a write token), unconditional because
 *       the SDK hides the ETags of transaction answers: the baseline of the goal;</li>
 *   <li>raw SDK, the same three transactions with a minimal record (4 to 6 properties): shows what the
 *       record's size costs on the service;</li>
 *   <li>raw SDK, three single-entity writes, no due index: shows what the index costs.</li>
 * </ol>
 * After a warm-up, the variants run in rounds, the order rotating each round so none always meets a warmer or
 * fuller Azurite; the figures are medians over rounds, the headline ratio the median of the per-round ratios
 * (robust to other load on the machine drifting during the run). Also printed: storage requests per job and
 * CPU per job of this JVM (the clients) and, on Linux, of Azurite.
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks exec:java
 * -Dexec.mainClass=dev.asyncapi.examples.bench.TableStoreBenchmark [-Dexec.args="jobs threads rounds"]}.
 * Defaults: 6,000 jobs per variant, 8 threads, 10 rounds, after a warm-up of 1,000 jobs per variant.
 */
public final class TableStoreBenchmark {

    private static final String INPUT = "{\"s\":\"10/08/2021\",\"e\":\"12/08/2021\",\"owner\":\"bench\"}";
    private static final String OUTPUT = "{\"count\":12345}";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int SHARDS = 8;
    private static final DateTimeFormatter INSTANT_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TableStoreBenchmark() {
    }

    /** One way to run a job's happy path, with its request counter. */
    private record Variant(String label, Counter requests, Runnable job, List<double[]> rounds) {
        Variant(String label, Counter requests, Runnable job) {
            this(label, requests, job, new ArrayList<>());
        }
    }

    /**
     * Runs the comparison and prints the figures.
     *
     * @param args optional job count per variant, thread count and round count
     * @throws Exception if Azurite cannot start or a run fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int perRound = Math.max(1, jobs / rounds);
        try (AzuriteServer azurite = AzuriteServer.startInMemory()) {
            Counter storeRequests = new Counter();
            AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                    .tableName("benchstore").shardCount(SHARDS).addPolicy(storeRequests).build();
            Variant viaStore = new Variant("AzureTableJobStore", storeRequests, () -> {
                Instant now = Instant.now();
                Job created = store.create(JobTransitions.newPending(JobIds.newId(), "audit", INPUT, "bench", null, now));
                Job running = store.update(JobTransitions.claim(created, "bench-worker", now, now.plus(LEASE)));
                store.update(JobTransitions.complete(running, Instant.now(), OUTPUT));
            });

            Counter fullRequests = new Counter();
            TableClient fullTable = rawTable(azurite, "benchfull", fullRequests);
            Variant viaSdkFull = new Variant("raw SDK, same 3 transactions", fullRequests,
                    () -> sameTransactions(fullTable, true));

            Counter slimRequests = new Counter();
            TableClient slimTable = rawTable(azurite, "benchslim", slimRequests);
            Variant viaSdkSlim = new Variant("raw SDK, same 3, minimal record", slimRequests,
                    () -> sameTransactions(slimTable, false));

            Counter singleRequests = new Counter();
            TableClient singleTable = rawTable(azurite, "benchsingle", singleRequests);
            Variant viaSdkSingle = new Variant("raw SDK, 3 single-entity writes", singleRequests,
                    () -> singleEntityWrites(singleTable));

            List<Variant> variants = List.of(viaStore, viaSdkFull, viaSdkSlim, viaSdkSingle);
            LongSupplier azuriteCpu = azuriteCpuNanos();
            for (Variant v : variants) {
                run(v.job(), 1_000, threads, azuriteCpu);
                v.requests().reset();
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    Variant v = variants.get((r + k) % variants.size());
                    v.rounds().add(run(v.job(), perRound, threads, azuriteCpu));
                }
            }

            System.out.printf(Locale.ROOT, "Table store benchmark on Azurite %s: %d rounds x %d jobs per variant, "
                    + "%d threads, %d cores%n", AzuriteServer.AZURITE_VERSION, rounds, perRound, threads,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  %-32s %9s %13s %9s %11s %13s%n", "", "jobs/s", "(min..max)",
                    "req/job", "client CPU", "Azurite CPU");
            for (Variant v : variants) {
                double[] rates = column(v.rounds(), 0);
                System.out.printf(Locale.ROOT, "  %-32s %9.1f %13s %9.2f %8.0f us %10s%n", v.label(),
                        median(rates), String.format(Locale.ROOT, "(%.0f..%.0f)", min(rates), max(rates)),
                        v.requests().count() / (double) (perRound * rounds), median(column(v.rounds(), 1)),
                        azuriteCpu == null ? "n/a" : String.format(Locale.ROOT, "%.0f us", median(column(v.rounds(), 2))));
            }
            System.out.printf(Locale.ROOT, "  ratio store / same transactions, same record : %5.2f "
                    + "(median of per-round ratios, range %s; goal >= 0.80)%n",
                    medianRatio(viaStore, viaSdkFull), ratioRange(viaStore, viaSdkFull));
            System.out.printf(Locale.ROOT, "  ratio store / same transactions, minimal record: %5.2f "
                    + "(what the job record costs on the service)%n", medianRatio(viaStore, viaSdkSlim));
            System.out.printf(Locale.ROOT, "  ratio store / single-entity writes             : %5.2f "
                    + "(the price of the due index)%n", medianRatio(viaStore, viaSdkSingle));
        }
    }

    private static TableClient rawTable(AzuriteServer azurite, String name, Counter requests) {
        return new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .addPolicy(requests).buildClient().createTableIfNotExists(name);
    }

    /**
     * The three transactions the store sends, written by hand: create (job + due row), claim (replace job, move
     * the due row to the lease expiry), complete (replace job, delete the due row).
     */
    private static void sameTransactions(TableClient table, boolean fullRecord) {
        String id = JobIds.newId();
        String pk = shard(id);
        Instant created = Instant.now();
        String due = dueRow(created.toEpochMilli(), id);
        TableEntity job = new TableEntity(pk, "job_" + id).addProperty("type", "audit")
                .addProperty("status", "Pending").addProperty("input", INPUT).addProperty("owner", "bench");
        if (fullRecord) {
            job.addProperty("attempt", 0).addProperty("createdAt", text(created))
                    .addProperty("updatedAt", text(created)).addProperty("notBefore", text(created))
                    .addProperty("writeToken", UUID.randomUUID().toString());
        }
        table.submitTransaction(List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, job),
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity(pk, due))));

        Instant claimed = Instant.now();
        Instant expires = claimed.plus(LEASE);
        String leaseDue = dueRow(expires.toEpochMilli(), id);
        job.addProperty("status", "Running").addProperty("leaseWorker", "bench-worker");
        if (fullRecord) {
            job.addProperty("attempt", 1).addProperty("updatedAt", text(claimed))
                    .addProperty("startedAt", text(claimed)).addProperty("leaseExpiresAt", text(expires))
                    .addProperty("writeToken", UUID.randomUUID().toString());
        }
        table.submitTransaction(List.of(
                new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, job),
                new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, due)),
                new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, leaseDue))));

        Instant finished = Instant.now();
        job.addProperty("status", "Completed").addProperty("output", OUTPUT);
        job.getProperties().remove("leaseWorker");
        if (fullRecord) {
            job.getProperties().remove("leaseExpiresAt");
            job.addProperty("updatedAt", text(finished)).addProperty("finishedAt", text(finished))
                    .addProperty("writeToken", UUID.randomUUID().toString());
        }
        table.submitTransaction(List.of(
                new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, job),
                new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, leaseDue))));
    }

    /** The least a job could need: insert, then two conditional replaces of one entity, no index. */
    private static void singleEntityWrites(TableClient table) {
        String id = JobIds.newId();
        TableEntity entity = new TableEntity(shard(id), id).addProperty("type", "audit").addProperty("status", "Pending")
                .addProperty("input", INPUT).addProperty("owner", "bench");
        String etag = repaired(table.createEntityWithResponse(entity, null, Context.NONE).getHeaders()
                .getValue(HttpHeaderName.ETAG));
        entity.addProperty("status", "Running").addProperty("leaseWorker", "bench-worker");
        entity.getProperties().put("odata.etag", etag);
        etag = repaired(table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null,
                Context.NONE).getHeaders().getValue(HttpHeaderName.ETAG));
        entity.addProperty("status", "Completed").addProperty("output", OUTPUT);
        entity.getProperties().remove("leaseWorker");
        entity.getProperties().put("odata.etag", etag);
        table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
    }

    private static String shard(String id) {
        return String.format(Locale.ROOT, "s%03d", Math.floorMod(id.hashCode(), SHARDS));
    }

    private static String dueRow(long millis, String id) {
        return String.format(Locale.ROOT, "due_%013d_%s", millis, id);
    }

    private static String text(Instant instant) {
        return INSTANT_TEXT.format(instant);
    }

    /** Azurite 3.37 leaves out the closing quote of weak ETags in single-entity answers; the store repairs it too. */
    private static String repaired(String etag) {
        return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    /** One round: jobs/s, client CPU us per job, Azurite CPU us per job (NaN when unknown). */
    private static double[] run(Runnable job, int count, int threads, LongSupplier azuriteCpu) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        long cpu0 = os.getProcessCpuTime();
        long node0 = azuriteCpu == null ? 0 : azuriteCpu.getAsLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        job.run();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        double clientCpu = (os.getProcessCpuTime() - cpu0) / 1e3 / count;
        double nodeCpu = azuriteCpu == null ? Double.NaN : (azuriteCpu.getAsLong() - node0) / 1e3 / count;
        return new double[] {count / (elapsed / 1e9), clientCpu, nodeCpu};
    }

    /** CPU time of the Azurite Node process from /proc (Linux), or null where that is not readable. */
    private static LongSupplier azuriteCpuNanos() {
        List<Path> stats = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false))
                .map(p -> Path.of("/proc", Long.toString(p.pid()), "stat")).filter(Files::isReadable).toList();
        if (stats.size() != 1) {
            return null;
        }
        Path stat = stats.get(0);
        long hz = 100; // USER_HZ, fixed at 100 on Linux for /proc
        return () -> {
            try {
                String s = Files.readString(stat);
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / hz);
            } catch (IOException e) {
                return 0;
            }
        };
    }

    private static double[] column(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }

    private static double[] ratios(Variant a, Variant b) {
        double[] r = new double[a.rounds().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.rounds().get(i)[0] / b.rounds().get(i)[0];
        }
        return r;
    }

    private static double medianRatio(Variant a, Variant b) {
        return median(ratios(a, b));
    }

    private static String ratioRange(Variant a, Variant b) {
        double[] r = ratios(a, b);
        return String.format(Locale.ROOT, "%.2f..%.2f", min(r), max(r));
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Counts HTTP requests, retries included. */
    private static final class Counter implements HttpPipelinePolicy {
        private final AtomicLong requests = new AtomicLong();

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            requests.incrementAndGet();
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            requests.incrementAndGet();
            return next.processSync();
        }

        long count() {
            return requests.get();
        }

        void reset() {
            requests.set(0);
        }
    }
}
