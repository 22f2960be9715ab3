package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PayloadTooLargeException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The store of the {@code dev.asyncapi.core.spi} overview's example: a {@link JobStore} written against the public
 * API only, forwarding to another store and refusing inputs over a size limit. {@link SizeLimitedJobStoreTest} runs
 * the contract suite against it.
 */
public final class SizeLimitedJobStore implements JobStore {

    private final JobStore delegate;
    private final int maxInputChars;

    /**
     * @param delegate      the store that keeps the jobs
     * @param maxInputChars the longest input accepted, in characters of JSON text
     */
    public SizeLimitedJobStore(JobStore delegate, int maxInputChars) {
        this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
        this.maxInputChars = maxInputChars;
    }

    // tag::spi-forwarding-store[]
    @Override
    public Job create(Job job) {
        if (job.inputJson().length() > maxInputChars) {
            throw new PayloadTooLargeException("the input of job " + job.id() + " is over "
                    + maxInputChars + " characters");
        }
        return delegate.create(job);
    }

    // forward the default methods too, or the wrapped store's batch claims and change feed are lost
    @Override
    public boolean claimsInBatches() {
        return delegate.claimsInBatches();
    }

    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        return delegate.claimDue(types, limit, claim);
    }

    @Override
    public AutoCloseable listen(JobStoreListener listener) {
        return delegate.listen(listener);
    }
    // end::spi-forwarding-store[]

    @Override
    public Optional<Job> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Job update(Job job) {
        return delegate.update(job);
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        return delegate.findDue(types, now, limit);
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
    public void close() {
        delegate.close();
    }
}
