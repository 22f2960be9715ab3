package dev.asyncapi.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle state of a job.
 *
 * <p>{@link #COMPLETED}, {@link #FAILED} and {@link #TERMINATED} are terminal: a job in one of them
 * never changes again. The allowed moves are Pending&rarr;Running, Running&rarr;Completed|Failed,
 * Pending|Running&rarr;Terminated and Running&rarr;Pending (a lease was lost or a retry is scheduled).
 * Running&rarr;Running is allowed too: it is how an expired lease is taken over by another worker.
 *
 * <p>Each status has a wire name ({@code Pending}, {@code Running}, ...), the names Azure Durable
 * Functions uses, which is what HTTP payloads and stores carry.
 */
public enum JobStatus {
    /** Accepted and waiting for a worker. */
    PENDING("Pending"),
    /** Claimed by a worker that holds a lease on it. */
    RUNNING("Running"),
    /** Finished with an output. Terminal. */
    COMPLETED("Completed"),
    /** Finished with a failure (code and message). Terminal. */
    FAILED("Failed"),
    /** Stopped on request before it finished. Terminal. */
    TERMINATED("Terminated");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the name used on the wire and in stores, e.g. {@code "Running"}.
     *
     * @return the wire name, never empty
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Tells whether this status is final.
     *
     * @return {@code true} for {@link #COMPLETED}, {@link #FAILED} and {@link #TERMINATED}
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == TERMINATED;
    }

    /**
     * Tells whether a job in this status may move to {@code next}.
     *
     * @param next the status to move to
     * @return {@code true} if the move is one of the allowed moves listed on this type
     * @throws NullPointerException if {@code next} is null
     */
    public boolean canMoveTo(JobStatus next) {
        if (next == null) {
            throw new NullPointerException("next status cannot be null");
        }
        return switch (this) {
            case PENDING -> next == RUNNING || next == TERMINATED;
            case RUNNING -> next == RUNNING || next == COMPLETED || next == FAILED
                    || next == TERMINATED || next == PENDING;
            case COMPLETED, FAILED, TERMINATED -> false;
        };
    }

    /**
     * Finds the status with the given wire name (case-sensitive).
     *
     * @param wireName a wire name such as {@code "Completed"}
     * @return the status, or empty if no status has that name
     */
    public static Optional<JobStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    /**
     * Returns the terminal statuses.
     *
     * @return a new mutable set holding {@link #COMPLETED}, {@link #FAILED} and {@link #TERMINATED}
     */
    public static Set<JobStatus> terminal() {
        return EnumSet.of(COMPLETED, FAILED, TERMINATED);
    }
}
