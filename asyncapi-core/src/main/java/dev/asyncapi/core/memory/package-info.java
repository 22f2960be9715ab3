/**
 * The in-memory job store: {@link InMemoryJobStore}, what {@link dev.asyncapi.core.AsyncJobs#builder()} uses when
 * no store is set. Made for tests, demos and a single process that may lose its jobs on restart; engines that must
 * survive a restart or share work across processes use a durable store instead: the {@code asyncapi-postgres}
 * module's {@code PostgresJobStore} or the {@code asyncapi-azure-tables} module's {@code AzureTableJobStore}.
 *
 * <p>Several engines of one process may share one instance, for example an API tier that only submits and a worker
 * that runs the type (the worker finds the job at its next sweep, the API engine's {@code await} polls the store):
 *
 * <!-- snippet: memory-shared-store -->
 * <pre>{@code
 * InMemoryJobStore store = new InMemoryJobStore();
 * AsyncJobs worker = AsyncJobs.builder()
 *         .store(store)
 *         .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *         .build();
 * AsyncJobs api = AsyncJobs.builder()
 *         .store(store)
 *         .submitOnly("greet", String.class)
 *         .build();
 *
 * Job job = api.submit("greet", "Ada");
 * Job done = api.await(job.id(), Duration.ofSeconds(10));
 * String greeting = api.output(done, String.class).orElseThrow();
 *
 * api.close();
 * worker.close();
 * }</pre>
 *
 * <h2>Limits and guarantees</h2>
 * <ul>
 *   <li><b>Not durable, not shared.</b> Jobs live in this process's heap: a restart loses them, and other
 *       processes never see them. A job of a crashed engine cannot be taken over by another process.</li>
 *   <li><b>Memory.</b> Every job, with its input and output, stays in the heap until it is deleted or purged; the
 *       engine's retention purges terminal jobs after a day by default
 *       ({@link dev.asyncapi.core.AsyncJobs.Builder#retention}). The store sets no size limit on payloads.</li>
 *   <li><b>No change feed.</b> Engines sharing an instance learn of each other's work at their sweep (every second
 *       by default) and of each other's outcomes at their await poll (every 500 ms by default), not at once.</li>
 *   <li><b>Concurrency.</b> Thread-safe with no store-wide lock: reads never wait, and writes to different jobs do
 *       not wait for each other. It {@linkplain InMemoryJobStore#claimsInBatches() claims in batches}, and passes
 *       the {@code JobStoreContract} suite like any other store.</li>
 *   <li><b>Queries.</b> Pages are ordered by creation instant, then id; continuation tokens are opaque.</li>
 * </ul>
 *
 * <h2>See also</h2>
 * <ul>
 *   <li>{@link dev.asyncapi.core}: the engine and its defaults.</li>
 *   <li>{@link dev.asyncapi.core.spi}: the store contract this store implements, and how to write another.</li>
 * </ul>
 */
package dev.asyncapi.core.memory;
