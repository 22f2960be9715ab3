package dev.asyncapi.client;

import java.net.URI;
import java.util.Objects;

/**
 * A submitted job: its id and the URI of its status resource (the standard profile's {@code Location}, the
 * Azure profile's {@code Operation-Location}). A plain value: store it and rebuild it later to follow the job
 * from another process, or get one for a known id with {@link AsyncJobsClient#handle(String)}.
 *
 * @param id        the job's id
 * @param statusUri the absolute URI of the job's status resource
 */
public record JobHandle(String id, URI statusUri) {

    /**
     * Validates the components.
     *
     * @param id        the job's id; not blank
     * @param statusUri the status URI; absolute
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if {@code id} is blank or {@code statusUri} is not absolute
     */
    public JobHandle {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(statusUri, "statusUri cannot be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id cannot be blank");
        }
        if (!statusUri.isAbsolute()) {
            throw new IllegalArgumentException("statusUri must be absolute, was '" + statusUri + "'");
        }
    }
}
