package dev.asyncapi.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Shared validation of purge arguments, so every store reads them the same way.
 */
public final class PurgeRules {

    private PurgeRules() {
    }

    /**
     * Resolves the statuses a purge deletes.
     *
     * @param statuses the requested statuses; empty means every terminal status
     * @return the terminal statuses to delete
     * @throws NullPointerException     if {@code statuses} is null
     * @throws IllegalArgumentException if it holds a status that is not terminal
     */
    public static Set<JobStatus> targets(Set<JobStatus> statuses) {
        Objects.requireNonNull(statuses, "statuses cannot be null");
        if (statuses.isEmpty()) {
            return JobStatus.terminal();
        }
        for (JobStatus s : statuses) {
            if (!s.isTerminal()) {
                throw new IllegalArgumentException("only terminal jobs can be purged, but statuses include "
                        + s.wireName());
            }
        }
        return EnumSet.copyOf(statuses);
    }
}
