package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.StoreCall;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreListener;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Times every call an engine makes to its store and reports it to the engine's listeners as a
 * {@link StoreCall}. Used only when a listener is registered; otherwise the engine calls the store
 * directly. Every SPI method is forwarded, including the default ones, so the store's own implementation
 * is always the one called.
 */
public final class ObservedJobStore implements JobStore {

    private final JobStore store;
    private final Listeners listeners;

    private ObservedJobStore(JobStore store, Listeners listeners) {
        this.store = store;
        this.listeners = listeners;
    }

    /**
     * @param store     the store
     * @param listeners the engine's listeners
     * @return the store itself when there is no listener, else the store timed
     */
    public static JobStore wrap(JobStore store, Listeners listeners) {
        return listeners.any() ? new ObservedJobStore(store, listeners) : store;
    }

    @Override
    public Job create(Job job) {
        return timed("create", () -> store.create(job));
    }

    @Override
    public Optional<Job> find(String id) {
        return timed("find", () -> store.find(id));
    }

    @Override
    public Job update(Job job) {
        return timed("update", () -> store.update(job));
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        return timed("findDue", () -> store.findDue(types, now, limit));
    }

    @Override
    public boolean claimsInBatches() {
        return store.claimsInBatches();
    }

    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        return timed("claimDue", () -> store.claimDue(types, limit, claim));
    }

    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        return timed("findDeliveriesDue", () -> store.findDeliveriesDue(now, limit));
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        return timed("findByIdempotencyKey", () -> store.findByIdempotencyKey(owner, idempotencyKey));
    }

    @Override
    public JobPage query(JobQuery query) {
        return timed("query", () -> store.query(query));
    }

    @Override
    public boolean delete(String id) {
        return timed("delete", () -> store.delete(id));
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        return timed("purge", () -> store.purge(statuses, finishedBefore));
    }

    @Override
    public AutoCloseable listen(JobStoreListener listener) {
        return store.listen(listener);
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        StoreCall.Outcome outcome = StoreCall.Outcome.FAILURE;
        try {
            T result = call.get();
            outcome = StoreCall.Outcome.SUCCESS;
            return result;
        } catch (StaleJobVersionException | DuplicateJobException e) {
            outcome = StoreCall.Outcome.CONFLICT;
            throw e;
        } finally {
            listeners.storeCall(new StoreCall(operation, Duration.ofNanos(System.nanoTime() - start), outcome));
        }
    }
}
