package dev.asyncapi.core;

/**
 * Observes an engine: the life of each job it submits or runs ({@link JobEvent}) and the latency and
 * outcome of each call it makes to its store ({@link StoreCall}). Register with
 * {@link AsyncJobs.Builder#listener(JobListener)}, as many as needed. The Micrometer binding (module
 * {@code asyncapi-micrometer}) is a listener; the OpenTelemetry binding (module {@code asyncapi-opentelemetry})
 * is not: it is a {@link dev.asyncapi.core.spi.TracePropagator}.
 *
 * <p><b>Threading.</b> Callbacks run synchronously on the engine thread where the event happens: the
 * caller's thread for {@code SUBMITTED}, {@code REJECTED} and a {@code TERMINATED} written by
 * {@link AsyncJobs#terminate}; the handler's thread for {@code CLAIMED}, {@code STARTED} and the outcome
 * of a run; the engine's I/O threads for {@code PROGRESS}, {@code TIMED_OUT} and lease losses found by a
 * heartbeat. Several callbacks may run at once on different threads, so an implementation must be
 * thread-safe. Some run while the engine holds the lock of one run's writes: keep them short (count,
 * record, enqueue), never block, and never call back into {@link AsyncJobs}; hand slow work to your own
 * executor.
 *
 * <p><b>Failures.</b> A callback that throws is logged (at {@code WARNING}, once per listener and kind of
 * call, then at {@code DEBUG}) and ignored: a listener never changes what the engine does.
 *
 * <p>Both methods do nothing by default, so an implementation overrides only what it needs.
 */
public interface JobListener {

    /**
     * Receives one event of a job's life on this engine.
     *
     * @param event the event; never null
     */
    default void onJobEvent(JobEvent event) {
    }

    /**
     * Receives the duration and outcome of one call this engine made to its {@code JobStore}. Store
     * calls are timed only when at least one listener is registered.
     *
     * @param call the call; never null
     */
    default void onStoreCall(StoreCall call) {
    }
}
