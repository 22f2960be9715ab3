package dev.asyncapi.servlet;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test fixture: the real in-memory store, whose reads ({@code find}, {@code query}) fail as an unreachable
 * store's do while {@link #outage} is set. Core's {@code ForwardingJobStore} cannot be used here: its package
 * is core's own, which the module path does not let a test-jar add to.
 */
final class OutageJobStore implements JobStore {

    final AtomicBoolean outage = new AtomicBoolean();
    private final JobStore store = new InMemoryJobStore();

    private void check() {
        if (outage.get()) {
            throw new JobStoreUnavailableException("test outage");
        }
    }

    @Override
    public Job create(Job job) {
        return store.create(job);
    }

    @Override
    public Optional<Job> find(String id) {
        check();
        return store.find(id);
    }

    @Override
    public Job update(Job job) {
        return store.update(job);
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        return store.findDue(types, now, limit);
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        return store.findByIdempotencyKey(owner, idempotencyKey);
    }

    @Override
    public JobPage query(JobQuery query) {
        check();
        return store.query(query);
    }

    @Override
    public boolean delete(String id) {
        return store.delete(id);
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        return store.purge(statuses, finishedBefore);
    }
}
