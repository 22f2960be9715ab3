/**
 * The extension points of the engine: {@link JobStore}, where jobs live; {@link JobStoreListener}, the change feed
 * through which a store wakes engines at once; and {@link TracePropagator}, which carries a submitter's trace to the
 * job's runs (the {@code asyncapi-opentelemetry} module implements it for OpenTelemetry). Stores are passed to
 * {@link dev.asyncapi.core.AsyncJobs.Builder#store(JobStore)}. This module ships
 * {@link dev.asyncapi.core.memory.InMemoryJobStore}; the {@code asyncapi-postgres} module's {@code PostgresJobStore}
 * and the {@code asyncapi-azure-tables} module's {@code AzureTableJobStore} are durable stores shared by every
 * engine of a deployment.
 *
 * <p>A store proves itself against the contract suite {@code dev.asyncapi.core.spi.JobStoreContract}, which ships in
 * this module's test-jar (depend on {@code dev.asyncapi:asyncapi-core} with {@code <type>test-jar</type>} in test
 * scope, beside JUnit Jupiter and AssertJ). Extend it, return a fresh, empty store from {@code newStore()}, and add
 * the store's own tests beside the inherited ones; {@code store}, {@code T0} and helpers such as {@code pending(...)}
 * are there to use:
 *
 * <!-- snippet: spi-contract-suite -->
 * <pre>{@code
 * class SizeLimitedJobStoreTest extends JobStoreContract {
 *
 *     @Override
 *     protected JobStore newStore() {
 *         return new SizeLimitedJobStore(new InMemoryJobStore(), 64 * 1024);
 *     }
 *
 *     @Test
 *     void refusesAnInputOverTheLimit() {
 *         Job big = pending("t", "alice", T0).toBuilder().inputJson("\"" + "x".repeat(70_000) + "\"").build();
 *
 *         assertThatThrownBy(() -> store.create(big)).isInstanceOf(PayloadTooLargeException.class);
 *         assertThat(store.find(big.id())).isEmpty();
 *     }
 * }
 * }</pre>
 *
 * <p>The suite's package is this one, which the main jar of {@code asyncapi-core} also holds: a store whose module
 * has a {@code module-info} compiles and runs its tests on the class path (Maven: {@code useModulePath} false for
 * {@code testCompile}, Surefire and Failsafe), as the stores of this project do.
 *
 * <p>{@code SizeLimitedJobStore} above wraps another store ({@code implements JobStore} and forwards each call to
 * {@code delegate}) and adds one check. A wrapper must forward the SPI's default methods too, or it silently turns
 * off what the wrapped store does better than the defaults:
 *
 * <!-- snippet: spi-forwarding-store -->
 * <pre>{@code
 * @Override
 * public Job create(Job job) {
 *     if (job.inputJson().length() > maxInputChars) {
 *         throw new PayloadTooLargeException("the input of job " + job.id() + " is over "
 *                 + maxInputChars + " characters");
 *     }
 *     return delegate.create(job);
 * }
 *
 * // forward the default methods too, or the wrapped store's batch claims and change feed are lost
 * @Override
 * public boolean claimsInBatches() {
 *     return delegate.claimsInBatches();
 * }
 *
 * @Override
 * public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
 *     return delegate.claimDue(types, limit, claim);
 * }
 *
 * @Override
 * public AutoCloseable listen(JobStoreListener listener) {
 *     return delegate.listen(listener);
 * }
 * }</pre>
 *
 * <h2>What a store must do</h2>
 * <ul>
 *   <li><b>Thread-safety and sharing.</b> A store is thread-safe and may be shared by several engines in several
 *       processes. Correctness across them rests on {@link JobStore#update}: a compare-and-set on
 *       {@link dev.asyncapi.core.Job#version()} that throws {@link StaleJobVersionException} when the stored
 *       version differs or the job is gone. This fencing is what records one outcome per job.</li>
 *   <li><b>Create.</b> {@link JobStore#create} takes a job without a version and returns it with one; it throws
 *       {@link DuplicateJobException} for a taken id, or for an owner's idempotency key already in use.</li>
 *   <li><b>Due work.</b> {@link JobStore#findDue} reads only due work of the asked types (Pending and due, or
 *       Running with an expired lease) and changes nothing; the engine claims with {@code update}. A store that
 *       claims several jobs in one step cheaper than one compare-and-set each answers {@code true} to
 *       {@link JobStore#claimsInBatches()} (default {@code false}) and implements {@link JobStore#claimDue}: the
 *       {@link DueClaim} it is given holds every term of the claim, so the store may write it per job with
 *       {@link DueClaim#apply} or compute it in one statement of its own.</li>
 *   <li><b>Errors.</b> Transient trouble the store could not overcome after its own retries is
 *       {@link dev.asyncapi.core.JobStoreUnavailableException}; a job larger than the store holds is
 *       {@link dev.asyncapi.core.PayloadTooLargeException}; configuration and authentication errors surface as
 *       they are. A store never swallows an error.</li>
 *   <li><b>Optional parts.</b> {@link JobStore#listen} defaults to no change feed (engines then rely on their
 *       sweep and polls); {@link JobStore#close()} defaults to nothing. The engine closes neither the store nor
 *       anything else it was given.</li>
 *   <li><b>Listeners and propagators.</b> A {@link JobStoreListener}'s notifications are hints that may be
 *       dropped, repeated or coalesced; listeners and {@link TracePropagator}s must be thread-safe and quick, and
 *       an exception from a propagator is logged and ignored.</li>
 * </ul>
 *
 * <h2>See also</h2>
 * <ul>
 *   <li>{@link dev.asyncapi.core}: the engine that calls these extension points.</li>
 *   <li>{@link dev.asyncapi.core.memory}: the in-memory store, a reference implementation that uses only public
 *       API.</li>
 * </ul>
 */
package dev.asyncapi.core.spi;
