package dev.asyncapi.core;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over jobs with paging. Every filter is optional; set ones combine with AND.
 *
 * <p>Pages follow an order the store chooses and keeps stable. Following {@link JobPage#continuationToken()}
 * until it is empty returns every job that matched when the first page was read exactly once.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobQuery {

    /** Default page size: {@value}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Largest page size: {@value}. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final Set<JobStatus> statuses;
    private final String type;
    private final String owner;
    private final Instant createdFrom;
    private final Instant createdTo;
    private final int pageSize;
    private final String continuationToken;

    private JobQuery(Builder b) {
        this.statuses = b.statuses.isEmpty() ? Set.of() : Set.copyOf(b.statuses);
        this.type = b.type;
        this.owner = b.owner;
        this.createdFrom = b.createdFrom;
        this.createdTo = b.createdTo;
        this.pageSize = b.pageSize;
        this.continuationToken = b.continuationToken;
    }

    /**
     * Starts a builder matching every job, first page, {@value #DEFAULT_PAGE_SIZE} per page.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the statuses to match; empty matches all */
    public Set<JobStatus> statuses() {
        return statuses;
    }

    /** @return the type to match, if set */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** @return the owner to match, if set */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /** @return the inclusive lower bound of {@code createdAt}, if set */
    public Optional<Instant> createdFrom() {
        return Optional.ofNullable(createdFrom);
    }

    /** @return the exclusive upper bound of {@code createdAt}, if set */
    public Optional<Instant> createdTo() {
        return Optional.ofNullable(createdTo);
    }

    /** @return the most jobs per page */
    public int pageSize() {
        return pageSize;
    }

    /** @return the token of the page to read, empty for the first page */
    public Optional<String> continuationToken() {
        return Optional.ofNullable(continuationToken);
    }

    /**
     * Returns this query for another page.
     *
     * @param token a token from a previous {@link JobPage}
     * @return a copy with that token
     * @throws NullPointerException if {@code token} is null
     */
    public JobQuery withContinuationToken(String token) {
        Builder b = toBuilder();
        b.continuationToken = Objects.requireNonNull(token, "token cannot be null");
        return b.build();
    }

    /**
     * Tells whether a job passes the filters (ignoring paging). Stores may use it after a coarser
     * server-side filter.
     *
     * @param job the job
     * @return {@code true} if every set filter matches
     */
    public boolean matches(Job job) {
        return (statuses.isEmpty() || statuses.contains(job.status()))
                && (type == null || type.equals(job.type()))
                && (owner == null || job.owner().map(owner::equals).orElse(false))
                && (createdFrom == null || !job.createdAt().isBefore(createdFrom))
                && (createdTo == null || job.createdAt().isBefore(createdTo));
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.statuses = statuses.isEmpty() ? EnumSet.noneOf(JobStatus.class) : EnumSet.copyOf(statuses);
        b.type = type;
        b.owner = owner;
        b.createdFrom = createdFrom;
        b.createdTo = createdTo;
        b.pageSize = pageSize;
        b.continuationToken = continuationToken;
        return b;
    }

    @Override
    public String toString() {
        return "JobQuery[statuses=" + statuses + ", type=" + type + ", owner=" + owner + ", createdFrom="
                + createdFrom + ", createdTo=" + createdTo + ", pageSize=" + pageSize + ", continued="
                + (continuationToken != null) + "]";
    }

    /** Builds a {@link JobQuery}. Not thread-safe. */
    public static final class Builder {
        private Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        private String type;
        private String owner;
        private Instant createdFrom;
        private Instant createdTo;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private String continuationToken;

        private Builder() {
        }

        /**
         * Matches only jobs in these statuses.
         *
         * @param statuses the statuses; empty means all (the default)
         * @return this builder
         * @throws NullPointerException if null or holding null
         */
        public Builder statuses(Collection<JobStatus> statuses) {
            Objects.requireNonNull(statuses, "statuses cannot be null");
            this.statuses = statuses.isEmpty() ? EnumSet.noneOf(JobStatus.class) : EnumSet.copyOf(statuses);
            return this;
        }

        /**
         * Matches only jobs in these statuses.
         *
         * @param statuses the statuses
         * @return this builder
         * @throws NullPointerException if null or holding null
         */
        public Builder statuses(JobStatus... statuses) {
            return statuses(Set.of(statuses));
        }

        /**
         * Matches only jobs of this type.
         *
         * @param type the type name
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type cannot be null");
            return this;
        }

        /**
         * Matches only jobs of this owner.
         *
         * @param owner the owner
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner cannot be null");
            return this;
        }

        /**
         * Matches only jobs created in {@code [from, to)}; either bound may be null for open.
         *
         * @param from inclusive lower bound, or null
         * @param to   exclusive upper bound, or null
         * @return this builder
         * @throws IllegalArgumentException if both are set and {@code to} is before {@code from}
         */
        public Builder createdBetween(Instant from, Instant to) {
            if (from != null && to != null && to.isBefore(from)) {
                throw new IllegalArgumentException("createdTo " + to + " is before createdFrom " + from);
            }
            this.createdFrom = from;
            this.createdTo = to;
            return this;
        }

        /**
         * Sets the page size.
         *
         * @param pageSize 1 to {@value JobQuery#MAX_PAGE_SIZE}; default {@value JobQuery#DEFAULT_PAGE_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", but was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Reads the page a previous {@link JobPage} pointed to.
         *
         * @param token the token, or null for the first page
         * @return this builder
         */
        public Builder continuationToken(String token) {
            this.continuationToken = token;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return a new immutable query
         */
        public JobQuery build() {
            return new JobQuery(this);
        }
    }
}
