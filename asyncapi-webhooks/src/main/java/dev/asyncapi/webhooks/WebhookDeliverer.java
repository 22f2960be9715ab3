package dev.asyncapi.webhooks;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.webhooks.internal.Deliveries;
import dev.asyncapi.webhooks.internal.DeliverySettings;
import dev.asyncapi.webhooks.internal.HandoffStore;

import java.util.Objects;

/**
 * A running deliverer, started by {@link Webhooks#start(JobStore)}: every poll interval it reads the deliveries
 * due in the store and sends them; the jobs this process's engine ends are sent at once if the engine writes
 * through {@link #store()}. Any number of processes may run one against the same store: each delivery is recorded
 * with compare-and-set, and a delivery whose process died is sent by another.
 *
 * <p>Thread-safe. Close it when the service stops (after the engine); sends under way get up to the connect plus
 * response timeout to finish, and whatever was not recorded stays due in the store.
 */
public final class WebhookDeliverer implements AutoCloseable {

    private final Deliveries deliveries;
    private final JobStore store;

    WebhookDeliverer(DeliverySettings settings, JobStore store) {
        Objects.requireNonNull(store, "store cannot be null");
        this.deliveries = new Deliveries(settings, store);
        this.store = new HandoffStore(store, deliveries, settings);
    }

    /**
     * Returns the store to build the engine with ({@code AsyncJobs.builder().store(deliverer.store())}): the store
     * given to {@link Webhooks#start}, through which the engine's terminal writes reach this deliverer at once.
     * Closing it closes the underlying store.
     *
     * @return the store, the same instance on every call
     */
    public JobStore store() {
        return store;
    }

    /** Reads the due deliveries now instead of at the next poll; returns at once (the work runs on its threads). */
    public void pollNow() {
        deliveries.pollSoon();
    }

    /** Stops polling and sending. Idempotent. The store is not closed. */
    @Override
    public void close() {
        deliveries.close();
    }
}
