/**
 * A durable {@link dev.asyncapi.core.spi.JobStore} on Azure Table Storage (or Azurite), shared safely by any number
 * of engines in any number of processes: jobs submitted by one instance are run by whichever instance has a free
 * worker, and the jobs of an instance that dies are taken over by the others once their lease expires. Start with
 * {@link dev.asyncapi.azure.tables.AzureTableJobStore#builder()}: connect with a
 * {@linkplain dev.asyncapi.azure.tables.AzureTableJobStore.Builder#connectionString connection string}, an
 * {@linkplain dev.asyncapi.azure.tables.AzureTableJobStore.Builder#endpoint endpoint and an Entra ID credential}
 * (a managed identity) or a {@linkplain dev.asyncapi.azure.tables.AzureTableJobStore.Builder#serviceClient client
 * of your own}, and hand the store to {@link dev.asyncapi.core.AsyncJobs.Builder#store}. The store knows nothing of
 * HTTP: the {@code asyncapi-servlet} module's {@code AsyncJobsHttp} serves the engine's jobs, the
 * {@code asyncapi-webhooks} module records its deliveries in the same table, and the
 * {@code asyncapi-spring-boot-starter} module builds the store from the {@code asyncapi.store.azure-tables.*}
 * properties. The table's layout is described in {@code docs/azure-tables.md}.
 *
 * <p>Building the store from a connection string and running a job on it:
 *
 * <!-- snippet: azure-tables-build-store -->
 * <pre>{@code
 * AzureTableJobStore store = AzureTableJobStore.builder()
 *         .connectionString(connectionString)
 *         .build();
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .store(store)
 *         .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *         .build();
 *
 * Job done = jobs.await(jobs.submit("greet", "Ada").id(), Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Defaults and guarantees:
 * <ul>
 * <li>Table {@value dev.asyncapi.azure.tables.AzureTableJobStore#DEFAULT_TABLE_NAME}, created when missing
 *     ({@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#createTableIfMissing}); jobs spread over
 *     {@value dev.asyncapi.azure.tables.AzureTableJobStore#DEFAULT_SHARD_COUNT} shard partitions, a count fixed for
 *     the life of the table ({@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#shardCount}).</li>
 * <li>Storage calls time out after 30 s and are retried when throttled, failing on the server's side or timed
 *     out: 5 attempts, 200 ms doubling to 5 s with jitter
 *     ({@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#retry}); then the call throws
 *     {@link dev.asyncapi.core.JobStoreUnavailableException}. A client passed with
 *     {@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#serviceClient serviceClient} keeps its own
 *     timeouts and retries.</li>
 * <li>Builder settings are checked when set; {@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#build()}
 *     connects, creates the table and checks its shard count, so a wrong account, key or table fails at start-up.
 *     A refused credential throws {@link dev.asyncapi.azure.tables.TableStoreAccessDeniedException} at once and is
 *     never retried.</li>
 * <li>Every update is a compare-and-set on the entity's ETag, which keeps two engines from both finishing a job.
 *     A status read is one point read; the happy path of a job costs three storage transactions (create, claim,
 *     complete); finding due work reads only due work, however many finished jobs the table holds.</li>
 * <li>A job's payloads may reach the entity's limit of 1 MiB (larger values are split across properties); beyond
 *     it a submit throws {@link dev.asyncapi.core.PayloadTooLargeException} and a too large output fails the
 *     job.</li>
 * <li>Idempotency keys are unique per owner. A key reserved by a create whose process died is taken over after
 *     10 s ({@link dev.asyncapi.azure.tables.AzureTableJobStore.Builder#keyReservationTimeout}).</li>
 * <li>Thread-safe. {@link dev.asyncapi.azure.tables.AzureTableJobStore#close()} releases nothing (the SDK's HTTP
 *     client is shared) and is idempotent; close the engine first.</li>
 * </ul>
 *
 * <p>See also: {@link dev.asyncapi.core.spi.JobStore} for what every store promises, and the
 * {@code asyncapi-postgres} module's {@code dev.asyncapi.postgres} package for the PostgreSQL store.
 */
package dev.asyncapi.azure.tables;
