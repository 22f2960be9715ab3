package dev.asyncapi.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event in the life of a job on one engine, as a {@link JobListener} receives it. Immutable and
 * thread-safe.
 *
 * <p>Timestamps come from the engine's clock. {@link #queueWait()} is the time from the moment the job
 * became due (submitted, retry delay passed, lease expired) to the claim that started this attempt;
 * {@link #runTime()} is the time from that claim to this event. Both are known on the events of a run on
 * this engine and empty elsewhere.
 */
public final class JobEvent {

    /** What happened. */
    public enum Kind {
        /** A new job was stored Pending by this engine (not a repeat of an idempotent submit). */
        SUBMITTED,
        /** A submit was refused because this engine is saturated or shutting down; nothing was stored. */
        REJECTED,
        /** A worker of this engine claimed the job: the attempt begins and the lease starts. */
        CLAIMED,
        /** The handler is about to be called (the input is bound). */
        STARTED,
        /** Progress the handler reported was written to the store. */
        PROGRESS,
        /** The handler's output was recorded: the job is Completed. */
        COMPLETED,
        /** The job is Failed with {@link #failureCode()}; no retry is left (timeouts are {@link #TIMED_OUT}). */
        FAILED,
        /** The handler failed and the retry policy allows another attempt, due at {@code job().notBefore()}. */
        RETRY_SCHEDULED,
        /** The job was terminated by this engine (its run here, or a direct write). */
        TERMINATED,
        /** The job ran longer than its type's timeout: Failed with code {@code TimedOut}, handler interrupted. */
        TIMED_OUT,
        /**
         * This engine's run lost the job: another worker claimed it after the lease expired. The handler was
         * interrupted; a frequent occurrence means leases are too short for the store's latency or the
         * heartbeats starve.
         */
        LEASE_LOST,
        /** Released back to Pending, due at once, because this engine shut down while the job ran. */
        RELEASED
    }

    private final Kind kind;
    private final String type;
    private final Instant at;
    private final String workerId;
    private final Job job;
    private final Duration queueWait;
    private final Duration runTime;
    private final String failureCode;

    private JobEvent(Builder b) {
        this.kind = b.kind;
        this.type = b.type;
        this.at = b.at;
        this.workerId = b.workerId;
        this.job = b.job;
        this.queueWait = b.queueWait;
        this.runTime = b.runTime;
        this.failureCode = b.failureCode;
    }

    /**
     * Starts an event; used by the engine, and by tests of listeners.
     *
     * @param kind     what happened
     * @param type     the job type
     * @param at       when, on the engine's clock
     * @param workerId the worker id of the engine that saw it
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(Kind kind, String type, Instant at, String workerId) {
        return new Builder(kind, type, at, workerId);
    }

    /** @return what happened */
    public Kind kind() {
        return kind;
    }

    /** @return the job type */
    public String type() {
        return type;
    }

    /** @return when it happened, on the engine's clock */
    public Instant at() {
        return at;
    }

    /** @return the worker id of the engine that saw the event */
    public String workerId() {
        return workerId;
    }

    /**
     * Returns the job's snapshot as the event left it (the stored job for {@code SUBMITTED}, the claimed
     * one for {@code CLAIMED} and {@code STARTED}, the written one for outcomes, the one read after a lost
     * race for {@code LEASE_LOST}).
     *
     * @return the snapshot; empty only for {@code REJECTED}, where nothing was stored
     */
    public Optional<Job> job() {
        return Optional.ofNullable(job);
    }

    /** @return the job id; empty only for {@code REJECTED} */
    public Optional<String> jobId() {
        return job().map(Job::id);
    }

    /** @return the attempt (1 for the first run); 0 before the first claim and for {@code REJECTED} */
    public int attempt() {
        return job == null ? 0 : job.attempt();
    }

    /**
     * Returns how long the job waited, due, before the claim that started this attempt.
     *
     * @return the wait; empty unless the event belongs to a run on this engine
     */
    public Optional<Duration> queueWait() {
        return Optional.ofNullable(queueWait);
    }

    /**
     * Returns how long this attempt has run, from its claim to this event.
     *
     * @return the run time; present for the end of a run on this engine (completed, failed, retry scheduled,
     *         terminated through its run, timed out, lease lost, released) and for {@code PROGRESS}
     */
    public Optional<Duration> runTime() {
        return Optional.ofNullable(runTime);
    }

    /**
     * Returns a code for what went wrong: the {@link JobFailure#code()} for {@code FAILED} and
     * {@code TIMED_OUT}; {@code Saturated} or {@code ShuttingDown} for {@code REJECTED}.
     *
     * @return the code; empty for other kinds
     */
    public Optional<String> failureCode() {
        return Optional.ofNullable(failureCode);
    }

    @Override
    public String toString() {
        return "JobEvent[" + kind + " " + type + (job == null ? "" : " " + job.id() + " attempt " + job.attempt())
                + " at " + at + (queueWait == null ? "" : " queueWait " + queueWait)
                + (runTime == null ? "" : " runTime " + runTime) + (failureCode == null ? "" : " " + failureCode) + "]";
    }

    /** Builds a {@link JobEvent}. Not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private final String type;
        private final Instant at;
        private final String workerId;
        private Job job;
        private Duration queueWait;
        private Duration runTime;
        private String failureCode;

        private Builder(Kind kind, String type, Instant at, String workerId) {
            this.kind = Objects.requireNonNull(kind, "kind cannot be null");
            this.type = Objects.requireNonNull(type, "type cannot be null");
            this.at = Objects.requireNonNull(at, "at cannot be null");
            this.workerId = Objects.requireNonNull(workerId, "workerId cannot be null");
        }

        /**
         * Sets the job's snapshot.
         *
         * @param job the snapshot; its type must be the event's
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if the job is of another type
         */
        public Builder job(Job job) {
            Objects.requireNonNull(job, "job cannot be null");
            if (!job.type().equals(type)) {
                throw new IllegalArgumentException("job " + job.id() + " is of type " + job.type()
                        + ", not the event's type " + type);
            }
            this.job = job;
            return this;
        }

        /**
         * Sets the queue wait.
         *
         * @param queueWait not negative
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if negative
         */
        public Builder queueWait(Duration queueWait) {
            this.queueWait = notNegative(queueWait, "queueWait");
            return this;
        }

        /**
         * Sets the run time.
         *
         * @param runTime not negative
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if negative
         */
        public Builder runTime(Duration runTime) {
            this.runTime = notNegative(runTime, "runTime");
            return this;
        }

        /**
         * Sets the failure code.
         *
         * @param failureCode not blank
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if blank
         */
        public Builder failureCode(String failureCode) {
            Objects.requireNonNull(failureCode, "failureCode cannot be null");
            if (failureCode.isBlank()) {
                throw new IllegalArgumentException("failureCode cannot be blank");
            }
            this.failureCode = failureCode;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         */
        public JobEvent build() {
            return new JobEvent(this);
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name + " cannot be null");
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " cannot be negative, but was " + value);
            }
            return value;
        }
    }
}
