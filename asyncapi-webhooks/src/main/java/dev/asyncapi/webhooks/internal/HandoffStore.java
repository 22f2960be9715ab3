package dev.asyncapi.webhooks.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreListener;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The store this process's engine writes through: every call goes to the real store unchanged, except the terminal
 * write of a job with a callback. That write's delivery is made due {@code handoffDelay} later (so other instances
 * leave it to this one meanwhile) and, once stored, handed to this process's deliverer to be sent at once. If this
 * process dies before recording the delivery, any deliverer's poll finds it due after the delay.
 */
public final class HandoffStore implements JobStore {

    private final JobStore delegate;
    private final Deliveries deliveries;
    private final DeliverySettings settings;

    /**
     * Wraps a store.
     *
     * @param delegate   the real store
     * @param deliveries this process's deliverer
     * @param settings   its settings
     */
    public HandoffStore(JobStore delegate, Deliveries deliveries, DeliverySettings settings) {
        this.delegate = delegate;
        this.deliveries = deliveries;
        this.settings = settings;
    }

    @Override
    public Job update(Job job) {
        if (!justEnded(job)) {
            return delegate.update(job);
        }
        JobCallback due = job.callback().orElseThrow();
        Instant handoff = job.finishedAt().orElseThrow().plus(settings.handoffDelay());
        Job stored = delegate.update(job.toBuilder()
                .callback(new JobCallback(due.url(), JobCallback.State.DUE, 0, Optional.of(handoff))).build());
        deliveries.sendSoon(stored);
        return stored;
    }

    /** The engine's terminal write: the callback became due in this very snapshot, at its finishing instant. */
    private static boolean justEnded(Job job) {
        return job.status().isTerminal() && job.callback().map(c -> c.state() == JobCallback.State.DUE
                && c.attempts() == 0 && c.dueAt().equals(job.finishedAt())).orElse(false)
                && job.finishedAt().equals(Optional.of(job.updatedAt()));
    }

    @Override
    public Job create(Job job) {
        return delegate.create(job);
    }

    @Override
    public Optional<Job> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        return delegate.findDue(types, now, limit);
    }

    @Override
    public boolean claimsInBatches() {
        return delegate.claimsInBatches();
    }

    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        return delegate.claimDue(types, limit, claim);
    }

    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        return delegate.findDeliveriesDue(now, limit);
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        return delegate.findByIdempotencyKey(owner, idempotencyKey);
    }

    @Override
    public JobPage query(JobQuery query) {
        return delegate.query(query);
    }

    @Override
    public boolean delete(String id) {
        return delegate.delete(id);
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        return delegate.purge(statuses, finishedBefore);
    }

    @Override
    public AutoCloseable listen(JobStoreListener listener) {
        return delegate.listen(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "HandoffStore[" + delegate + "]";
    }
}
