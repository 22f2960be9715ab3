package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobEvent;
import dev.asyncapi.core.JobEvent.Kind;
import dev.asyncapi.core.JobFailure;

import java.time.Clock;
import java.time.Instant;

/**
 * Builds the {@link JobEvent}s of an engine and hands them to its {@link Listeners}: one method per place
 * in the engine where something happens, so the engine's own classes carry one call each and nothing
 * else. With no listener registered every method returns at once, building nothing.
 */
final class JobEvents {

    private final Listeners listeners;
    private final String workerId;
    private final Clock clock;

    JobEvents(EngineSettings settings) {
        this.listeners = settings.listeners();
        this.workerId = settings.workerId();
        this.clock = settings.clock();
    }

    /** A new job was stored Pending by a submit. */
    void submitted(Job job) {
        if (listeners.any()) {
            emit(JobEvent.builder(Kind.SUBMITTED, job.type(), job.createdAt(), workerId).job(job));
        }
    }

    /** A submit was refused: nothing was stored. */
    void rejected(String type, boolean shuttingDown) {
        if (listeners.any()) {
            emit(JobEvent.builder(Kind.REJECTED, type, clock.instant(), workerId)
                    .failureCode(shuttingDown ? "ShuttingDown" : "Saturated"));
        }
    }

    /** A run claimed its job. */
    void claimed(Job claimed, RunTiming timing) {
        if (listeners.any()) {
            emit(JobEvent.builder(Kind.CLAIMED, claimed.type(), timing.claimedAt(), workerId).job(claimed)
                    .queueWait(timing.queueWait()));
        }
    }

    /** A run is about to call its handler. */
    void started(Job claimed, RunTiming timing) {
        if (listeners.any()) {
            Instant now = clock.instant();
            emit(JobEvent.builder(Kind.STARTED, claimed.type(), now, workerId).job(claimed)
                    .queueWait(timing.queueWait()).runTime(timing.runTimeAt(now)));
        }
    }

    /** A run wrote progress. */
    void progress(Job written, RunTiming timing) {
        if (listeners.any()) {
            run(Kind.PROGRESS, written, timing);
        }
    }

    /**
     * A run wrote the end of its attempt: Completed, Failed (or timed out), Pending for a retry, or
     * Terminated.
     */
    void runEnded(Job written, RunTiming timing) {
        if (!listeners.any()) {
            return;
        }
        switch (written.status()) {
            case COMPLETED -> run(Kind.COMPLETED, written, timing);
            case FAILED -> run(isTimeout(written) ? Kind.TIMED_OUT : Kind.FAILED, written, timing);
            case PENDING -> run(Kind.RETRY_SCHEDULED, written, timing);
            case TERMINATED -> run(Kind.TERMINATED, written, timing);
            case RUNNING -> { }
        }
    }

    /** A run gave its job back at shutdown. */
    void released(Job written, RunTiming timing) {
        if (listeners.any()) {
            run(Kind.RELEASED, written, timing);
        }
    }

    /** A run found its job taken over by another worker after its lease expired. */
    void leaseLost(Job read, RunTiming timing) {
        if (listeners.any()) {
            run(Kind.LEASE_LOST, read, timing);
        }
    }

    /** The engine terminated a job it does not run, by a direct write. */
    void terminated(Job written) {
        if (listeners.any()) {
            emit(JobEvent.builder(Kind.TERMINATED, written.type(), written.updatedAt(), workerId).job(written));
        }
    }

    private void run(Kind kind, Job job, RunTiming timing) {
        // a lost job's snapshot was written by another worker: its time is not this event's
        Instant at = kind == Kind.LEASE_LOST ? clock.instant() : job.updatedAt();
        JobEvent.Builder b = JobEvent.builder(kind, job.type(), at, workerId).job(job)
                .queueWait(timing.queueWait()).runTime(timing.runTimeAt(at));
        job.failure().map(JobFailure::code).ifPresent(code -> {
            if (kind == Kind.FAILED || kind == Kind.TIMED_OUT) {
                b.failureCode(code);
            }
        });
        emit(b);
    }

    private static boolean isTimeout(Job job) {
        return job.failure().map(f -> JobFailure.TIMED_OUT.equals(f.code())).orElse(false);
    }

    private void emit(JobEvent.Builder event) {
        listeners.jobEvent(event.build());
    }
}
