package dev.asyncapi.servlet;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test fixture: the real in-memory store, whose reads ({@code find}, {@code query}) fail as an unreachable
 * store's do while {@link #outage} is set.
 */
final class OutageJobStore extends ForwardingJobStore {

    final AtomicBoolean outage = new AtomicBoolean();

    OutageJobStore() {
        super(new InMemoryJobStore());
    }

    @Override
    protected void before(Call call, Job job) {
        if ((call == Call.FIND || call == Call.QUERY) && outage.get()) {
            throw new JobStoreUnavailableException("test outage");
        }
    }
}
