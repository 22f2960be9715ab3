package dev.asyncapi.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Per-submit options: an explicit id, an idempotency key and the owner.
 *
 * <p>Immutable and thread-safe. {@link #none()} has none of them.
 */
public final class SubmitOptions {

    /** The longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private static final SubmitOptions NONE = new Builder().build();

    private final String id;
    private final String idempotencyKey;
    private final String owner;
    private final TraceContext traceContext;

    private SubmitOptions(Builder b) {
        this.id = b.id;
        this.idempotencyKey = b.idempotencyKey;
        this.owner = b.owner;
        this.traceContext = b.traceContext;
    }

    /**
     * Returns options with no id (one is generated), no idempotency key and no owner.
     *
     * @return the empty options
     */
    public static SubmitOptions none() {
        return NONE;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the explicit id, if given */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** @return the idempotency key, if given */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** @return the owner, if given */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /** @return the trace context of the submitting request, if given */
    public Optional<TraceContext> traceContext() {
        return Optional.ofNullable(traceContext);
    }

    @Override
    public String toString() {
        return "SubmitOptions[id=" + id + ", idempotencyKey=" + (idempotencyKey == null ? null : "<set>")
                + ", owner=" + owner + "]";
    }

    /** Builds {@link SubmitOptions}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String idempotencyKey;
        private String owner;
        private TraceContext traceContext;

        private Builder() {
        }

        /**
         * Uses this id instead of a generated one. Ids should stay unguessable: prefer the default.
         *
         * @param id a well-formed id (see {@link JobIds#isWellFormed})
         * @return this builder
         * @throws IllegalArgumentException if malformed
         */
        public Builder id(String id) {
            this.id = JobIds.requireWellFormed(id);
            return this;
        }

        /**
         * Sets the idempotency key: a second submit by the same owner with the same key and the same
         * type and input returns the first job; with another type or input it fails with
         * {@link IdempotencyConflictException}.
         *
         * @param key 1 to {@value SubmitOptions#MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if empty, too long or not printable ASCII
         */
        public Builder idempotencyKey(String key) {
            Objects.requireNonNull(key, "idempotencyKey cannot be null");
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                    || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                        + " printable ASCII characters, but was: " + JobIds.abbreviate(key));
            }
            this.idempotencyKey = key;
            return this;
        }

        /**
         * Binds the job to a principal, so only that principal sees it through the HTTP layer.
         *
         * @param owner the principal's name; not blank, at most 256 characters
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if blank or too long
         */
        public Builder owner(String owner) {
            Objects.requireNonNull(owner, "owner cannot be null");
            if (owner.isBlank() || owner.length() > 256) {
                throw new IllegalArgumentException("owner must be 1 to 256 characters and not blank, but was: "
                        + JobIds.abbreviate(owner));
            }
            this.owner = owner;
            return this;
        }

        /**
         * Stores this W3C trace context with the job, so that its run continues the submitter's trace; the
         * servlet passes the {@code traceparent} and {@code tracestate} headers of the submitting request here.
         * Without it, the engine's {@code TracePropagator} (if one is set) captures the caller's current
         * context.
         *
         * @param traceContext the context
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder traceContext(TraceContext traceContext) {
            this.traceContext = Objects.requireNonNull(traceContext, "traceContext cannot be null");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return new immutable options
         */
        public SubmitOptions build() {
            return new SubmitOptions(this);
        }
    }
}
