/**
 * A durable {@link dev.asyncapi.core.spi.JobStore} on PostgreSQL (12 or newer), shared safely by any number of
 * engines in any number of processes, with {@code LISTEN/NOTIFY} as its change feed: a job submitted on one
 * instance wakes a free worker on another at once, and an instance awaiting a job (a long poll, an event stream)
 * hears of its end without polling. Start with
 * {@link dev.asyncapi.postgres.PostgresJobStore#builder(javax.sql.DataSource)} on your application's
 * {@code DataSource} (a pool such as HikariCP is recommended) and hand the store to
 * {@link dev.asyncapi.core.AsyncJobs.Builder#store}. The store knows nothing of HTTP: the {@code asyncapi-servlet}
 * module's {@code AsyncJobsHttp} serves the engine's jobs, the {@code asyncapi-webhooks} module records its
 * deliveries in the same table, and the {@code asyncapi-spring-boot-starter} module builds the store on the
 * application's {@code DataSource} with {@code asyncapi.store.type=postgres}. The schema is described in
 * {@code docs/postgres.md}.
 *
 * <p>Building the store on a pooled {@code DataSource} and running a job on it:
 *
 * <!-- snippet: postgres-build-store -->
 * <pre>{@code
 * HikariConfig config = new HikariConfig();
 * config.setJdbcUrl(jdbcUrl); // jdbc:postgresql://host:5432/database
 * config.setUsername(user);
 * config.setPassword(password);
 * HikariDataSource dataSource = new HikariDataSource(config);
 *
 * PostgresJobStore store = PostgresJobStore.builder(dataSource).build();
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
 * <li>Tables in schema {@value dev.asyncapi.postgres.PostgresJobStore#DEFAULT_SCHEMA}, every name prefixed
 *     {@value dev.asyncapi.postgres.PostgresJobStore#DEFAULT_TABLE_PREFIX}
 *     ({@link dev.asyncapi.postgres.PostgresJobStore.Builder#schema},
 *     {@link dev.asyncapi.postgres.PostgresJobStore.Builder#tablePrefix}).
 *     {@link dev.asyncapi.postgres.PostgresJobStore.Builder#build()} creates or migrates them, once across
 *     instances starting together; turn that off with
 *     {@link dev.asyncapi.postgres.PostgresJobStore.Builder#createSchema} and apply
 *     {@link dev.asyncapi.postgres.PostgresJobStore#schemaScript()} with your own migrations.</li>
 * <li>Statements time out after 30 s ({@link dev.asyncapi.postgres.PostgresJobStore.Builder#statementTimeout}).
 *     Transient errors (a lost connection, a timeout, a server restarting, a deadlock) are retried: 3 attempts,
 *     100 ms doubling to 2 s with jitter ({@link dev.asyncapi.postgres.PostgresJobStore.Builder#retry}); then the
 *     operation throws {@link dev.asyncapi.core.JobStoreUnavailableException}. Any other SQL error throws
 *     {@link dev.asyncapi.postgres.PostgresStoreException} at once, with its SQLSTATE.</li>
 * <li>A job's payloads may total 16 MiB
 *     ({@link dev.asyncapi.postgres.PostgresJobStore.Builder#maxPayloadBytes}); beyond it a submit throws
 *     {@link dev.asyncapi.core.PayloadTooLargeException} before anything is sent, and a too large output fails the
 *     job.</li>
 * <li>Every update is a compare-and-set on the row's version, which keeps two engines from both finishing a job;
 *     engines claim due work in batches with {@code FOR UPDATE SKIP LOCKED}, so they never wait for each other. A
 *     status read is one primary-key lookup; finding due work reads a partial index of Pending and Running jobs
 *     only.</li>
 * <li>The change feed holds one connection of its own, checked every 10 s
 *     ({@link dev.asyncapi.postgres.PostgresJobStore.Builder#listenerCheckInterval}) and reopened when lost; behind
 *     PgBouncer in transaction mode give it a direct
 *     {@link dev.asyncapi.postgres.PostgresJobStore.Builder#listenerDataSource data source}.</li>
 * <li>Instants are kept to the microsecond; JSON payloads are stored as text, exactly as given.</li>
 * <li>Thread-safe. {@link dev.asyncapi.postgres.PostgresJobStore#close()} stops the change feed and leaves the data
 *     source open: close the engine, then the store, then your pool.</li>
 * </ul>
 *
 * <p>See also: {@link dev.asyncapi.core.spi.JobStore} for what every store promises, and the
 * {@code asyncapi-azure-tables} module's {@code dev.asyncapi.azure.tables} package for the Azure Table Storage
 * store.
 */
package dev.asyncapi.postgres;
