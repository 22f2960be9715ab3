package dev.asyncapi.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's time-limited claim on a running job. A heartbeat renews it; once it has expired another
 * worker may claim the job.
 *
 * @param workerId  the id of the worker holding the lease; not blank
 * @param expiresAt when the lease runs out; not null
 */
public record Lease(String workerId, Instant expiresAt) {

    /**
     * Validates the components.
     *
     * @param workerId  the id of the worker holding the lease; not blank
     * @param expiresAt when the lease runs out; not null
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if {@code workerId} is blank
     */
    public Lease {
        Objects.requireNonNull(workerId, "lease workerId cannot be null");
        Objects.requireNonNull(expiresAt, "lease expiresAt cannot be null");
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("lease workerId cannot be blank");
        }
    }

    /**
     * Tells whether the lease has run out at {@code now}.
     *
     * @param now the current instant
     * @return {@code true} if {@code expiresAt} is not after {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
