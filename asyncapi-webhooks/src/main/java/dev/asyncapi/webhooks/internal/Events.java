package dev.asyncapi.webhooks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncapi.core.Job;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of a completion event: {@code {"type":"job.completed","timestamp":...,"data":{"id","status","statusUri"}}}
 * (the Standard Webhooks envelope), plus {@code data.result} for a Completed job when the service includes results.
 * Never the input.
 */
final class Events {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String statusUrl;
    private final boolean includeResult;

    Events(String statusUrl, boolean includeResult) {
        this.statusUrl = statusUrl;
        this.includeResult = includeResult;
    }

    /** The {@code webhook-id} of a job's event: the same on every attempt, so receivers can drop duplicates. */
    static String messageId(Job job) {
        return "msg_" + job.id();
    }

    byte[] body(Job job) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "job." + job.status().wireName().toLowerCase(Locale.ROOT));
        root.put("timestamp", job.finishedAt().orElseThrow().toString());
        ObjectNode data = root.putObject("data");
        data.put("id", job.id());
        data.put("status", job.status().wireName());
        data.put("statusUri", statusUrl.replace("{id}", job.id()));
        if (includeResult && job.outputJson().isPresent()) {
            try {
                data.set("result", MAPPER.readTree(job.outputJson().get()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored output of job " + job.id() + " is not JSON", e);
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
