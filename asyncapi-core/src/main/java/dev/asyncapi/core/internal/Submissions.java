package dev.asyncapi.core.internal;

import dev.asyncapi.core.IdempotencyConflictException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;

import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Submits: bind and check the input, admit, store a Pending job (or find the earlier job of the same
 * idempotency key), then start it on a free worker or let it wait. Nothing is stored unless every check
 * passes, and an admission is given back whenever nothing new was stored.
 */
final class Submissions {

    /**
     * Creates to try when a create clashes on the idempotency key but the key's job is gone when read
     * (purged or deleted in between): the key is then free again.
     */
    private static final int CREATE_ATTEMPTS = 5;

    private final EngineSettings settings;
    private final JobStore store;
    private final Json json;
    /** Null for a client-only engine. */
    private final WorkerPool pool;
    private final BiFunction<Job, Object, Run> newRun;
    private final JobEvents events;

    Submissions(EngineSettings settings, Json json, WorkerPool pool, BiFunction<Job, Object, Run> newRun,
                JobEvents events) {
        this.settings = settings;
        this.store = settings.store();
        this.json = json;
        this.pool = pool;
        this.newRun = newRun;
        this.events = events;
    }

    /**
     * Submits a job.
     *
     * @param input the input, parsed, checked and bound
     * @return the new Pending job, or the earlier job of the same idempotency key
     */
    Job submit(String type, Json.SubmittedInput input, SubmitOptions options) {
        JobDefinition<?, ?> definition = settings.handlers().get(type);
        // a type another engine runs needs no admission here: its workers find it in the store
        boolean runsHere = definition != null && pool != null;
        WorkerPool.Admission admission = runsHere ? pool.admit() : WorkerPool.Admission.REJECTED;
        String owner = options.owner().orElse(null);
        String key = options.idempotencyKey().orElse(null);
        if (runsHere && admission == WorkerPool.Admission.REJECTED) {
            // a repeated idempotent submit still answers with its job when this engine takes no new work
            Optional<Job> earlier = key == null ? Optional.empty() : store.findByIdempotencyKey(owner, key);
            if (earlier.isPresent()) {
                return sameRequestOrConflict(earlier.get(), type, input);
            }
            events.rejected(type, pool.isClosed());
            throw pool.isClosed() ? JobRejectedException.shuttingDown()
                    : JobRejectedException.saturated(settings.workers(), settings.queueCapacity());
        }
        Stored stored;
        try {
            TraceContext trace = settings.tracing().forSubmit(options.traceContext()).orElse(null);
            stored = createOrFindEarlier(type, input, options, owner, key, trace);
        } catch (RuntimeException e) {
            if (runsHere) {
                pool.cancel(admission);
            }
            throw e;
        }
        if (stored.isNew()) {
            events.submitted(stored.job());
        }
        if (!runsHere) {
            return stored.job();
        }
        if (!stored.isNew()) {
            pool.cancel(admission);
            return stored.job();
        }
        Run run = newRun.apply(stored.job(), input.value());
        if (admission == WorkerPool.Admission.SLOT) {
            pool.start(run);
        } else {
            pool.enqueue(run);
        }
        return stored.job();
    }

    private Stored createOrFindEarlier(String type, Json.SubmittedInput input, SubmitOptions options, String owner,
                                       String key, TraceContext trace) {
        for (int attempt = 1; ; attempt++) {
            String id = options.id().orElseGet(JobIds::newId);
            try {
                Job pending = JobTransitions.newPending(id, type, input.json(), owner, key, settings.clock().instant());
                return new Stored(store.create(trace == null ? pending : pending.toBuilder().traceContext(trace).build()),
                        true);
            } catch (DuplicateJobException e) {
                if (e.idempotencyKey().isEmpty() || key == null) {
                    throw e;
                }
                Optional<Job> earlier = store.findByIdempotencyKey(owner, key);
                if (earlier.isPresent()) {
                    return new Stored(sameRequestOrConflict(earlier.get(), type, input), false);
                }
                if (attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Job sameRequestOrConflict(Job earlier, String type, Json.SubmittedInput input) {
        if (!earlier.type().equals(type)) {
            throw IdempotencyConflictException.otherType();
        }
        Optional<Boolean> same = json.sameValue(earlier.inputJson(), input.tree());
        if (same.isEmpty()) {
            throw IdempotencyConflictException.unreadableEarlierInput();
        }
        if (!same.get()) {
            throw IdempotencyConflictException.otherInput();
        }
        return earlier;
    }

    /** A job as the submit found it: created now, or the earlier one of the idempotency key. */
    private record Stored(Job job, boolean isNew) {
    }
}
