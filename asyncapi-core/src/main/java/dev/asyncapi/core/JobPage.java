package dev.asyncapi.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link JobQuery}'s results.
 *
 * @param jobs              the jobs on this page, at most the query's page size
 * @param continuationToken the token of the next page; empty on the last page
 */
public record JobPage(List<Job> jobs, Optional<String> continuationToken) {

    /**
     * Copies the list and validates.
     *
     * @param jobs              the jobs on this page
     * @param continuationToken the token of the next page; empty on the last page
     * @throws NullPointerException if an argument is null
     */
    public JobPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(continuationToken, "continuationToken cannot be null; use Optional.empty()");
    }
}
