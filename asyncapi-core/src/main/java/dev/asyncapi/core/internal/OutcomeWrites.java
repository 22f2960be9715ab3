package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.spi.JobStore;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a job's outcome, and if the store refuses it as too large, a smaller one: the one place that shrinks an
 * outcome. A Completed job whose output does not fit fails with {@link JobFailure#OUTPUT_TOO_LARGE}; a Failed or
 * Terminated job whose message (a handler's failure message, a terminate reason) does not fit keeps its code and
 * gets the message cut to {@value #MAX_MESSAGE_CHARS} characters, or, if that does not fit either, a short fixed
 * message that gives the original length. So the outcome is written once, instead of the job running again after
 * its lease expires and failing the same way each time. Sizes go to the log, never content.
 */
final class OutcomeWrites {

    private static final System.Logger LOG = System.getLogger(OutcomeWrites.class.getName());

    /** The longest failure message recorded in place of one the store refused as too large, marker included. */
    static final int MAX_MESSAGE_CHARS = 1_000;

    private OutcomeWrites() {
    }

    /**
     * Compare-and-set write of {@code next}; if the store refuses a terminal snapshot as too large, writes the
     * first smaller one it accepts.
     *
     * @param store  the store
     * @param before the snapshot {@code next} was made from
     * @param next   the snapshot to write
     * @return the snapshot written
     * @throws PayloadTooLargeException if {@code next} is not terminal and too large, or no smaller outcome fits
     */
    static Job update(JobStore store, Job before, Job next) {
        try {
            return store.update(next);
        } catch (PayloadTooLargeException tooLarge) {
            if (!next.status().isTerminal()) {
                throw tooLarge;
            }
            PayloadTooLargeException last = tooLarge;
            for (Job smaller : smallerOutcomes(before, next, tooLarge)) {
                try {
                    Job written = store.update(smaller);
                    LOG.log(Level.WARNING, () -> "job " + next.id() + " of type " + next.type() + ": " + what(next)
                            + " made the job larger than the store accepts; recorded as " + written.status().wireName()
                            + " with code " + smaller.failure().orElseThrow().code() + " and a message of "
                            + smaller.failure().orElseThrow().message().length() + " characters instead");
                    return written;
                } catch (PayloadTooLargeException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    /** What made the refused outcome large, by size only. */
    private static String what(Job refused) {
        if (refused.status() == JobStatus.COMPLETED) {
            return "the output of " + refused.outputJson().map(String::length).orElse(0) + " characters";
        }
        return (refused.status() == JobStatus.TERMINATED ? "the terminate reason of " : "the failure message of ")
                + refused.failure().map(f -> f.message().length()).orElse(0) + " characters";
    }

    /** The outcomes to try instead, largest first, each with a failure message shorter than the refused one. */
    private static List<Job> smallerOutcomes(Job before, Job refused, PayloadTooLargeException tooLarge) {
        List<Job> smaller = new ArrayList<>(2);
        if (refused.status() == JobStatus.COMPLETED) {
            int outputChars = refused.outputJson().map(String::length).orElse(0);
            if (tooLarge.getMessage() != null) {
                smaller.add(failed(before, refused, cut(tooLarge.getMessage())));
            }
            smaller.add(failed(before, refused, "the output of " + outputChars
                    + " characters is larger than the job store accepts"));
            return smaller;
        }
        JobFailure failure = refused.failure().orElseThrow();
        String message = failure.message();
        String fixed = (refused.status() == JobStatus.TERMINATED ? "[the reason of " : "[the message of ")
                + message.length() + " characters was too large to store]";
        for (String shorter : List.of(cut(message), fixed)) {
            if (shorter.length() < message.length()) {
                smaller.add(refused.toBuilder().failure(new JobFailure(failure.code(), shorter)).build());
            }
        }
        return smaller;
    }

    private static Job failed(Job before, Job refused, String message) {
        return JobTransitions.fail(before, refused.updatedAt(), new JobFailure(JobFailure.OUTPUT_TOO_LARGE, message));
    }

    /**
     * A message cut to at most {@value #MAX_MESSAGE_CHARS} characters, with a marker giving its full length; a
     * message that short already is returned as it is.
     */
    static String cut(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        String marker = "... [truncated: " + message.length() + " characters in all]";
        int keep = MAX_MESSAGE_CHARS - marker.length();
        if (Character.isHighSurrogate(message.charAt(keep - 1))) {
            keep--;
        }
        return message.substring(0, keep) + marker;
    }
}
