package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * How the server shapes its answers: which header names the status resource and what a status body holds. Both
 * profiles submit with {@code POST {base}/{type}} and terminate with {@code DELETE} on the status URI; the server
 * picks its profile with {@code AsyncJobsHttp.Builder#defaultRenderer}.
 */
public enum ApiProfile {

    /**
     * The asyncapi contract ({@code docs/http-api.md}): the status resource is the submit's {@code Location};
     * {@code status} is {@code Pending}, {@code Running}, {@code Completed}, {@code Failed} or
     * {@code Terminated}; a Completed status carries the {@code result}; a Failed or Terminated one an
     * {@code error} problem object with {@code code} and {@code detail}.
     */
    STANDARD {
        private final Map<String, JobState> states = Map.of("Pending", JobState.PENDING,
                "Running", JobState.RUNNING, "Completed", JobState.COMPLETED, "Failed", JobState.FAILED,
                "Terminated", JobState.TERMINATED);

        @Override
        String monitorHeader() {
            return "Location";
        }

        @Override
        Optional<URI> monitorFromBody(JsonNode body, URI base) {
            return uri(body, "statusUri", base);
        }

        @Override
        JobStatus status(JsonNode body, URI base) {
            JobState state = state(states, body);
            JsonNode error = body.get("error");
            JobFailure failure = state == JobState.FAILED || state == JobState.TERMINATED
                    ? new JobFailure(text(error, "code"), text(error, "detail")) : null;
            JsonNode result = state == JobState.COMPLETED ? body.get("result") : null;
            return new JobStatus(id(body), state, body.get("progress"), result, failure, null);
        }
    },

    /**
     * The Azure REST API guidelines' long-running operations, as served with
     * {@code ResponseRenderer.azureLongRunningOperation()}: the status monitor is the submit's
     * {@code Operation-Location}; {@code status} is {@code NotStarted}, {@code Running}, {@code Succeeded},
     * {@code Failed} or {@code Canceled}; a Failed or Canceled monitor carries {@code error} with {@code code}
     * and {@code message}; the result is read from the Succeeded monitor's {@code resourceLocation}.
     */
    AZURE_LRO {
        private final Map<String, JobState> states = Map.of("NotStarted", JobState.PENDING,
                "Running", JobState.RUNNING, "Succeeded", JobState.COMPLETED, "Failed", JobState.FAILED,
                "Canceled", JobState.TERMINATED);

        @Override
        String monitorHeader() {
            return "Operation-Location";
        }

        @Override
        Optional<URI> monitorFromBody(JsonNode body, URI base) {
            return Optional.empty();
        }

        @Override
        JobStatus status(JsonNode body, URI base) {
            JobState state = state(states, body);
            JsonNode error = body.get("error");
            JobFailure failure = state == JobState.FAILED || state == JobState.TERMINATED
                    ? new JobFailure(text(error, "code"), text(error, "message")) : null;
            URI resultLocation = null;
            if (state == JobState.COMPLETED) {
                resultLocation = uri(body, "resourceLocation", base).orElseThrow(() -> new UnexpectedResponseException(
                        "a Succeeded operation monitor has no resourceLocation: " + Json.excerpt(body), null));
            }
            return new JobStatus(id(body), state, body.get("progress"), null, failure, resultLocation);
        }
    };

    /** The response header of an accepted submit that names the status resource. */
    abstract String monitorHeader();

    /** The status resource named in an accepted submit's body, where the profile puts it there. */
    abstract Optional<URI> monitorFromBody(JsonNode body, URI base);

    /** Reads a status body; {@code base} resolves relative URIs in it. */
    abstract JobStatus status(JsonNode body, URI base);

    private static JobState state(Map<String, JobState> states, JsonNode body) {
        JsonNode status = body.get("status");
        JobState state = status != null && status.isTextual() ? states.get(status.asText()) : null;
        if (state == null) {
            throw new UnexpectedResponseException("a status body has no known status " + states.keySet() + ": "
                    + Json.excerpt(body), null);
        }
        return state;
    }

    private static String id(JsonNode body) {
        JsonNode id = body.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new UnexpectedResponseException("a status body has no id: " + Json.excerpt(body), null);
        }
        return id.asText();
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Optional<URI> uri(JsonNode body, String field, URI base) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(base.resolve(value.asText()));
        } catch (IllegalArgumentException e) {
            throw new UnexpectedResponseException("'" + field + "' is not a URI: " + Json.excerpt(body), e);
        }
    }
}
