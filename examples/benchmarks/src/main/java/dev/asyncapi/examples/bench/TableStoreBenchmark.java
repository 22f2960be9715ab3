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
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Table Storage job store against the raw SDK on one Azurite: a job's happy path through
 * {@link AzureTableJobStore} (create, claim, complete: three entity-group transactions with the due index)
 * against the raw SDK sending the same three transactions, and against the SDK doing the least a job could
 * need (insert, then two conditional replaces of one entity, no index). Prints jobs per second and storage
 * requests per job for each, and the ratios (goal: store / same transactions at least 0.8).
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks exec:java
 * -Dexec.mainClass=dev.asyncapi.examples.bench.TableStoreBenchmark [-Dexec.args="jobs threads"]}.
 * Defaults: 3,000 jobs, 8 threads, after a warm-up of 500 jobs each.
 */
public final class TableStoreBenchmark {

    private static final String INPUT = "{\"s\":\"10/08/2021\",\"e\":\"12/08/2021\",\"owner\":\"bench\"}";
    private static final String OUTPUT = "{\"count\":12345}";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private TableStoreBenchmark() {
    }

    /**
     * Runs the comparison and prints the figures.
     *
     * @param args optional job count and thread count
     * @throws Exception if Azurite cannot start or a run fails
     */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (AzuriteServer azurite = AzuriteServer.startInMemory()) {
            Counter storeRequests = new Counter();
            AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                    .tableName("benchstore").addPolicy(storeRequests).build();
            Counter rawRequests = new Counter();
            TableClient raw = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                    .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                    .addPolicy(rawRequests).buildClient().createTableIfNotExists("benchraw");

            Consumer<Integer> viaStore = i -> {
                Instant now = Instant.now();
                Job created = store.create(Job.newPending(JobIds.newId(), "audit", INPUT, "bench", null, now, now));
                Job running = store.update(created.claim("bench-worker", now, now.plus(LEASE)));
                store.update(running.complete(Instant.now(), OUTPUT));
            };
            Consumer<Integer> viaSdk = i -> {
                String id = JobIds.newId();
                String pk = "s" + (Math.floorMod(id.hashCode(), 8));
                TableEntity entity = new TableEntity(pk, id).addProperty("type", "audit").addProperty("status", "Pending")
                        .addProperty("input", INPUT).addProperty("owner", "bench");
                String etag = repaired(raw.createEntityWithResponse(entity, null, Context.NONE).getHeaders()
                        .getValue(HttpHeaderName.ETAG));
                entity.addProperty("status", "Running").addProperty("leaseWorker", "bench-worker");
                entity.getProperties().put("odata.etag", etag);
                etag = repaired(raw.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null,
                        Context.NONE).getHeaders().getValue(HttpHeaderName.ETAG));
                entity.addProperty("status", "Completed").addProperty("output", OUTPUT);
                entity.getProperties().remove("leaseWorker");
                entity.getProperties().put("odata.etag", etag);
                raw.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
            };

            Counter batchRequests = new Counter();
            TableClient rawBatches = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                    .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                    .addPolicy(batchRequests).buildClient().createTableIfNotExists("benchbatch");
            // the same three entity-group transactions the store sends (job row + due-index row), unconditional
            Consumer<Integer> viaSdkBatches = i -> {
                String id = JobIds.newId();
                String pk = "s" + (Math.floorMod(id.hashCode(), 8));
                long now = System.currentTimeMillis();
                TableEntity entity = new TableEntity(pk, "job_" + id).addProperty("type", "audit")
                        .addProperty("status", "Pending").addProperty("input", INPUT).addProperty("owner", "bench");
                rawBatches.submitTransaction(List.of(
                        new TableTransactionAction(TableTransactionActionType.CREATE, entity),
                        new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity(pk, "due_" + now + "_" + id))));
                entity.addProperty("status", "Running").addProperty("leaseWorker", "bench-worker");
                rawBatches.submitTransaction(List.of(
                        new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, entity),
                        new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, "due_" + now + "_" + id)),
                        new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "due_" + (now + 30_000) + "_" + id))));
                entity.addProperty("status", "Completed").addProperty("output", OUTPUT);
                entity.getProperties().remove("leaseWorker");
                rawBatches.submitTransaction(List.of(
                        new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, entity),
                        new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, "due_" + (now + 30_000) + "_" + id))));
            };

            run(viaStore, 500, threads);
            run(viaSdkBatches, 500, threads);
            run(viaSdk, 500, threads);
            // alternate the order so no side always runs on a warmer (or fuller) Azurite
            storeRequests.reset();
            batchRequests.reset();
            rawRequests.reset();
            double storeRate = run(viaStore, jobs / 2, threads);
            double batchRate = run(viaSdkBatches, jobs / 2, threads);
            double sdkRate = run(viaSdk, jobs / 2, threads);
            sdkRate = (sdkRate + run(viaSdk, jobs - jobs / 2, threads)) / 2;
            batchRate = (batchRate + run(viaSdkBatches, jobs - jobs / 2, threads)) / 2;
            storeRate = (storeRate + run(viaStore, jobs - jobs / 2, threads)) / 2;

            System.out.printf(Locale.ROOT, "Table store benchmark on Azurite %s, %d jobs, %d threads%n",
                    AzuriteServer.AZURITE_VERSION, jobs, threads);
            System.out.printf(Locale.ROOT, "  AzureTableJobStore                : %8.1f jobs/s, %.2f storage requests per job%n",
                    storeRate, storeRequests.count() / (double) jobs);
            System.out.printf(Locale.ROOT, "  raw SDK, same 3 transactions      : %8.1f jobs/s, %.2f storage requests per job%n",
                    batchRate, batchRequests.count() / (double) jobs);
            System.out.printf(Locale.ROOT, "  raw SDK, 3 single-entity writes   : %8.1f jobs/s, %.2f storage requests per job%n",
                    sdkRate, rawRequests.count() / (double) jobs);
            System.out.printf(Locale.ROOT, "  ratio store / same transactions   : %8.2f (goal >= 0.80)%n", storeRate / batchRate);
            System.out.printf(Locale.ROOT, "  ratio store / single-entity writes: %8.2f (the price of the due index)%n",
                    storeRate / sdkRate);
        }
    }

    /** Azurite 3.37 leaves out the closing quote of weak ETags in single-entity answers; the store repairs it too. */
    private static String repaired(String etag) {
        return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    private static double run(Consumer<Integer> job, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        job.accept((int) i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count / ((System.nanoTime() - start) / 1e9);
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
