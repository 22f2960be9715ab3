package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.servlet.OwnerResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the dashboard's detail view shows it: status, attempts, timestamps, queue wait and run time,
 * progress, failure code and message, the lease, and the input only when the service allows it. Never the
 * output: results are the caller's.
 */
final class DashboardJob {

    private DashboardJob() {
    }

    /** From creation to the start of the latest run; empty while it never started. */
    static Optional<Duration> queueWait(Job job) {
        return job.startedAt().map(started -> Duration.between(job.createdAt(), started));
    }

    /** From the start of the latest run to its end, or to {@code now} while running. */
    static Optional<Duration> runTime(Job job, Instant now) {
        return job.startedAt().map(started -> Duration.between(started, job.finishedAt().orElse(now)));
    }

    static String json(Job job, Instant now, boolean showInput) {
        JsonWriter json = new JsonWriter().string("id", job.id()).string("type", job.type())
                .string("status", job.status().wireName())
                .string("owner", job.owner().orElse(OwnerResolver.ANONYMOUS))
                .number("attempt", job.attempt())
                .string("createdAt", job.createdAt().toString())
                .string("updatedAt", job.updatedAt().toString());
        job.startedAt().ifPresent(at -> json.string("startedAt", at.toString()));
        job.finishedAt().ifPresent(at -> json.string("finishedAt", at.toString()));
        queueWait(job).ifPresent(wait -> json.number("queueWaitMs", wait.toMillis()));
        runTime(job, now).ifPresent(run -> json.number("runMs", run.toMillis()));
        job.lease().ifPresent(lease -> json.startObject("lease").string("workerId", lease.workerId())
                .string("expiresAt", lease.expiresAt().toString()).endObject());
        job.progressJson().ifPresent(progress -> json.raw("progress", progress));
        job.failure().ifPresent(failure -> json.startObject("failure").string("code", failure.code())
                .string("message", failure.message()).endObject());
        json.bool("inputShown", showInput);
        if (showInput) {
            json.raw("input", job.inputJson() == null ? "null" : job.inputJson());
        }
        return json.finish();
    }
}
