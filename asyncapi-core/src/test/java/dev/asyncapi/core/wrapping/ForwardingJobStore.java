package dev.asyncapi.core.wrapping;

import dev.asyncapi.core.Job;
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
 * Test fixture: a real store behind a wrapper that passes every call on after {@link #before}, where a test
 * adds latency or an outage to the calls it names. Not a mock: every answer comes from the real store.
 */
public abstract class ForwardingJobStore implements JobStore {

    /** The store calls, as {@link #before} names them. */
    public enum Call { CREATE, FIND, UPDATE, FIND_DUE, CLAIM_DUE, FIND_BY_IDEMPOTENCY_KEY, QUERY, DELETE, PURGE,
        FIND_DELIVERIES_DUE }

    private final JobStore delegate;

    protected ForwardingJobStore(JobStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs before each call is passed on; may throw as the store would, or take time as a slow one would.
     *
     * @param call which call
     * @param job  the job written, for {@code CREATE} and {@code UPDATE}; null otherwise
     */
    protected abstract void before(Call call, Job job);

    @Override
    public Job create(Job job) {
        before(Call.CREATE, job);
        return delegate.create(job);
    }

    @Override
    public Optional<Job> find(String id) {
        before(Call.FIND, null);
        return delegate.find(id);
    }

    @Override
    public Job update(Job job) {
        before(Call.UPDATE, job);
        return delegate.update(job);
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        before(Call.FIND_DUE, null);
        return delegate.findDue(types, now, limit);
    }

    @Override
    public boolean claimsInBatches() {
        return delegate.claimsInBatches();
    }

    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        before(Call.CLAIM_DUE, null);
        return delegate.claimDue(types, limit, claim);
    }

    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        before(Call.FIND_DELIVERIES_DUE, null);
        return delegate.findDeliveriesDue(now, limit);
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        before(Call.FIND_BY_IDEMPOTENCY_KEY, null);
        return delegate.findByIdempotencyKey(owner, idempotencyKey);
    }

    @Override
    public JobPage query(JobQuery query) {
        before(Call.QUERY, null);
        return delegate.query(query);
    }

    @Override
    public boolean delete(String id) {
        before(Call.DELETE, null);
        return delegate.delete(id);
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        before(Call.PURGE, null);
        return delegate.purge(statuses, finishedBefore);
    }

    /** Forwards the change feed untouched: a test store is not a source of changes itself. */
    @Override
    public AutoCloseable listen(JobStoreListener listener) {
        return delegate.listen(listener);
    }

    /** Leaves the wrapped store open: the test that made it owns it and closes it. */
    @Override
    public void close() {
    }
}
