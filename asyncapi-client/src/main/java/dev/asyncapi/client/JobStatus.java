package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of a job's status resource: an immutable snapshot, safe to share between threads.
 *
 * <p>The {@linkplain #result() result} is carried only by the standard profile's Completed status; in the
 * Azure profile the result lives at its own URI, which {@link AsyncJobsClient#awaitResult(JobHandle, Class)}
 * follows.
 */
public final class JobStatus {

    private final String id;
    private final JobState state;
    private final JsonNode progress;
    private final JsonNode result;
    private final JobFailure failure;
    private final URI resultLocation;

    JobStatus(String id, JobState state, JsonNode progress, JsonNode result, JobFailure failure,
              URI resultLocation) {
        this.id = Objects.requireNonNull(id, "id cannot be null");
        this.state = Objects.requireNonNull(state, "state cannot be null");
        this.progress = progress;
        this.result = result;
        this.failure = failure;
        this.resultLocation = resultLocation;
    }

    /**
     * Returns the job's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the job's state.
     *
     * @return the state
     */
    public JobState state() {
        return state;
    }

    /**
     * Returns whether the job can no longer change.
     *
     * @return {@code state().isTerminal()}
     */
    public boolean isTerminal() {
        return state.isTerminal();
    }

    /**
     * Returns the last progress the job's handler reported.
     *
     * @return a copy of the progress JSON; empty if none was reported
     */
    public Optional<JsonNode> progress() {
        return Optional.ofNullable(progress).map(JsonNode::deepCopy);
    }

    /**
     * Returns the job's output, as JSON, once Completed (standard profile).
     *
     * @return a copy of the output; empty before completion and in the Azure profile
     */
    public Optional<JsonNode> result() {
        return Optional.ofNullable(result).map(JsonNode::deepCopy);
    }

    /**
     * Returns why the job failed or was terminated.
     *
     * @return the failure once Failed or Terminated; empty otherwise
     */
    public Optional<JobFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** The output as read, not copied; null if none. */
    JsonNode resultNode() {
        return result;
    }

    /** Where the result is read from when the status does not carry it (the Azure {@code resourceLocation}). */
    Optional<URI> resultLocation() {
        return Optional.ofNullable(resultLocation);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobStatus that && id.equals(that.id) && state == that.state
                && Objects.equals(progress, that.progress) && Objects.equals(result, that.result)
                && Objects.equals(failure, that.failure) && Objects.equals(resultLocation, that.resultLocation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, progress, result, failure, resultLocation);
    }

    @Override
    public String toString() {
        return "JobStatus[id=" + id + ", state=" + state + (progress == null ? "" : ", progress=" + progress)
                + (failure == null ? "" : ", failure=" + failure) + "]";
    }
}
