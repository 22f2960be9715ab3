package dev.asyncapi.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a job as a store holds it.
 *
 * <p>Payloads (input, progress, output) are JSON text. A job is a read view: only the engine moves a
 * job from one status to the next, and a store writes each next snapshot with compare-and-set on
 * {@link #version()}. Stores rebuild what they read with {@link #builder()}.
 *
 * <p>Thread-safe (immutable).
 */
public final class Job {

    private final String id;
    private final String type;
    private final String inputJson;
    private final JobStatus status;
    private final String progressJson;
    private final String outputJson;
    private final JobFailure failure;
    private final String owner;
    private final String idempotencyKey;
    private final int attempt;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final Instant notBefore;
    private final Lease lease;
    private final TraceContext traceContext;
    private final String version;

    private Job(Builder b) {
        // a snapshot derived by toBuilder() keeps an id this class already checked, unless the builder's was changed
        this.id = b.id != null && b.id == b.checkedId ? b.id : JobIds.requireWellFormed(b.id);
        this.type = requireNonBlank(b.type, "type");
        this.inputJson = Objects.requireNonNull(b.inputJson, "inputJson cannot be null");
        this.status = Objects.requireNonNull(b.status, "status cannot be null");
        this.progressJson = b.progressJson;
        this.outputJson = b.outputJson;
        this.failure = b.failure;
        this.owner = b.owner;
        this.idempotencyKey = b.idempotencyKey;
        if (b.attempt < 0) {
            throw new IllegalArgumentException("attempt cannot be negative, but was " + b.attempt);
        }
        this.attempt = b.attempt;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt cannot be null");
        this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
        this.startedAt = b.startedAt;
        this.finishedAt = b.finishedAt;
        this.notBefore = b.notBefore == null ? b.createdAt : b.notBefore;
        this.lease = b.lease;
        this.traceContext = b.traceContext;
        this.version = Objects.requireNonNull(b.version, "version cannot be null");
        checkInvariants();
    }

    /** A copy at another version; the source was checked when it was built. */
    private Job(Job source, String version) {
        this.id = source.id;
        this.type = source.type;
        this.inputJson = source.inputJson;
        this.status = source.status;
        this.progressJson = source.progressJson;
        this.outputJson = source.outputJson;
        this.failure = source.failure;
        this.owner = source.owner;
        this.idempotencyKey = source.idempotencyKey;
        this.attempt = source.attempt;
        this.createdAt = source.createdAt;
        this.updatedAt = source.updatedAt;
        this.startedAt = source.startedAt;
        this.finishedAt = source.finishedAt;
        this.notBefore = source.notBefore;
        this.lease = source.lease;
        this.traceContext = source.traceContext;
        this.version = version;
    }

    private void checkInvariants() {
        if (status == JobStatus.RUNNING && lease == null) {
            throw new IllegalArgumentException("a Running job must hold a lease: " + id);
        }
        if (status.isTerminal() && finishedAt == null) {
            throw new IllegalArgumentException("a terminal job must have finishedAt: " + id);
        }
        if (status == JobStatus.COMPLETED && outputJson == null) {
            throw new IllegalArgumentException("a Completed job must have an output: " + id);
        }
        if ((status == JobStatus.FAILED || status == JobStatus.TERMINATED) && failure == null) {
            throw new IllegalArgumentException("a " + status.wireName() + " job must have a failure: " + id);
        }
    }

    /**
     * Starts a builder with no values set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns this snapshot with another store version, as a store assigns on every write. Cheaper than
     * {@code toBuilder().version(v).build()}, which would check again what cannot have changed.
     *
     * @param version the store's new version token
     * @return the same job at {@code version}
     * @throws NullPointerException if {@code version} is null
     */
    public Job withVersion(String version) {
        return new Job(this, Objects.requireNonNull(version, "version cannot be null"));
    }

    /**
     * Returns a builder holding this snapshot's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.checkedId = id;
        b.type = type;
        b.inputJson = inputJson;
        b.status = status;
        b.progressJson = progressJson;
        b.outputJson = outputJson;
        b.failure = failure;
        b.owner = owner;
        b.idempotencyKey = idempotencyKey;
        b.attempt = attempt;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.startedAt = startedAt;
        b.finishedAt = finishedAt;
        b.notBefore = notBefore;
        b.lease = lease;
        b.traceContext = traceContext;
        b.version = version;
        return b;
    }

    /**
     * Tells whether a worker may claim this job at {@code now}: it is Pending and {@code notBefore} has
     * passed, or it is Running and its lease has expired.
     *
     * @param now the current instant
     * @return {@code true} if claimable
     */
    public boolean isClaimableAt(Instant now) {
        Instant at = claimableAtOrNull();
        return at != null && !at.isAfter(now);
    }

    /**
     * Returns the instant from which a worker may claim the job: {@code notBefore} while Pending, the
     * lease expiry while Running, empty once terminal. Stores index on it.
     *
     * @return the instant, or empty for a terminal job
     */
    public Optional<Instant> claimableAt() {
        return Optional.ofNullable(claimableAtOrNull());
    }

    private Instant claimableAtOrNull() {
        return switch (status) {
            case PENDING -> notBefore;
            case RUNNING -> lease.expiresAt();
            default -> null;
        };
    }

    private static String requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name + " cannot be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " cannot be blank");
        }
        return value;
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** @return the job id */
    public String id() {
        return id;
    }

    /** @return the job type, which selects the handler */
    public String type() {
        return type;
    }

    /** @return the input as JSON text */
    public String inputJson() {
        return inputJson;
    }

    /** @return the status */
    public JobStatus status() {
        return status;
    }

    /** @return the last progress the handler reported, as JSON text */
    public Optional<String> progressJson() {
        return Optional.ofNullable(progressJson);
    }

    /** @return the output as JSON text, present once Completed */
    public Optional<String> outputJson() {
        return Optional.ofNullable(outputJson);
    }

    /** @return why the job failed or was terminated, present once Failed or Terminated */
    public Optional<JobFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return the principal that submitted the job, if one was given */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /** @return the submitter's idempotency key, if one was given */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** @return how many times the job has been claimed; 0 until its first run */
    public int attempt() {
        return attempt;
    }

    /** @return when the job was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return when the job last changed */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** @return when the job was first claimed */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** @return when the job became terminal */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** @return the earliest instant a Pending job may be claimed */
    public Instant notBefore() {
        return notBefore;
    }

    /** @return the lease, present while Running */
    public Optional<Lease> lease() {
        return Optional.ofNullable(lease);
    }

    /**
     * Returns the opaque version a store assigned to this snapshot, the token of compare-and-set.
     *
     * @return the version, or the empty string for a snapshot never stored
     */
    public String version() {
        return version;
    }

    /**
     * Returns the W3C trace context of the request that submitted the job, kept for the life of the job so
     * that every run continues that trace.
     *
     * @return the context, or empty if the submit carried none
     */
    public Optional<TraceContext> traceContext() {
        return Optional.ofNullable(traceContext);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Job other)) {
            return false;
        }
        return attempt == other.attempt && id.equals(other.id) && type.equals(other.type)
                && inputJson.equals(other.inputJson) && status == other.status
                && Objects.equals(progressJson, other.progressJson)
                && Objects.equals(outputJson, other.outputJson) && Objects.equals(failure, other.failure)
                && Objects.equals(owner, other.owner) && Objects.equals(idempotencyKey, other.idempotencyKey)
                && createdAt.equals(other.createdAt) && updatedAt.equals(other.updatedAt)
                && Objects.equals(startedAt, other.startedAt) && Objects.equals(finishedAt, other.finishedAt)
                && notBefore.equals(other.notBefore) && Objects.equals(lease, other.lease)
                && Objects.equals(traceContext, other.traceContext)
                && version.equals(other.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, version, updatedAt);
    }

    /** @return a summary without payloads, safe to log */
    @Override
    public String toString() {
        return "Job[id=" + id + ", type=" + type + ", status=" + status.wireName() + ", attempt=" + attempt
                + ", version=" + version + "]";
    }

    /**
     * Builds {@link Job} snapshots; used by stores to rebuild what they read. Not thread-safe.
     * {@link #build()} validates: a Running job needs a lease, a terminal one {@code finishedAt},
     * a Completed one an output, a Failed or Terminated one a failure.
     */
    public static final class Builder {
        private String id;
        private String type;
        private String inputJson;
        private JobStatus status;
        private String progressJson;
        private String outputJson;
        private JobFailure failure;
        private String owner;
        private String idempotencyKey;
        private int attempt;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Instant notBefore;
        private Lease lease;
        private TraceContext traceContext;
        private String version = "";
        /** The id of the snapshot this builder was copied from: well-formed, so not checked again. */
        private String checkedId;

        private Builder() {
        }

        /**
         * Sets id.
         *
         * @param id a well-formed id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets type.
         *
         * @param type the job type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * Sets inputJson.
         *
         * @param inputJson the input JSON text
         * @return this builder
         */
        public Builder inputJson(String inputJson) {
            this.inputJson = inputJson;
            return this;
        }

        /**
         * Sets status.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(JobStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Sets progressJson.
         *
         * @param progressJson progress JSON text, or null
         * @return this builder
         */
        public Builder progressJson(String progressJson) {
            this.progressJson = progressJson;
            return this;
        }

        /**
         * Sets outputJson.
         *
         * @param outputJson output JSON text, or null
         * @return this builder
         */
        public Builder outputJson(String outputJson) {
            this.outputJson = outputJson;
            return this;
        }

        /**
         * Sets failure.
         *
         * @param failure the failure, or null
         * @return this builder
         */
        public Builder failure(JobFailure failure) {
            this.failure = failure;
            return this;
        }

        /**
         * Sets owner.
         *
         * @param owner the owner, or null
         * @return this builder
         */
        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        /**
         * Sets idempotencyKey.
         *
         * @param idempotencyKey the idempotency key, or null
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets attempt.
         *
         * @param attempt claims so far, not negative
         * @return this builder
         */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /**
         * Sets createdAt.
         *
         * @param createdAt creation instant
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets updatedAt.
         *
         * @param updatedAt last change; defaults to createdAt
         * @return this builder
         */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /**
         * Sets startedAt.
         *
         * @param startedAt first claim, or null
         * @return this builder
         */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /**
         * Sets finishedAt.
         *
         * @param finishedAt when terminal, or null
         * @return this builder
         */
        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        /**
         * Sets notBefore.
         *
         * @param notBefore earliest claim; defaults to createdAt
         * @return this builder
         */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /**
         * Sets lease.
         *
         * @param lease the lease, or null
         * @return this builder
         */
        public Builder lease(Lease lease) {
            this.lease = lease;
            return this;
        }

        /**
         * Sets version.
         *
         * @param version the store's version token; defaults to ""
         * @return this builder
         */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /**
         * Sets the W3C trace context of the submit.
         *
         * @param traceContext the context, or null for none (the default)
         * @return this builder
         */
        public Builder traceContext(TraceContext traceContext) {
            this.traceContext = traceContext;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return a new job
         * @throws NullPointerException     if id, type, inputJson, status, createdAt or version is null
         * @throws IllegalArgumentException if a value is malformed or the values are inconsistent
         */
        public Job build() {
            return new Job(this);
        }
    }
}
