package dev.asyncapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading answers as JSON, failing with {@link UnexpectedResponseException} and short excerpts. */
final class Json {

    private static final int EXCERPT_CHARS = 200;

    private Json() {
    }

    /** Parses a body that must be a JSON object. */
    static JsonNode object(ObjectMapper mapper, String body, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException(what + " is not JSON: " + excerpt(body), e);
        }
        if (node == null || !node.isObject()) {
            throw new UnexpectedResponseException(what + " is not a JSON object: " + excerpt(body), null);
        }
        return node;
    }

    static String excerpt(JsonNode node) {
        return excerpt(node.toString());
    }

    static String excerpt(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
    }
}
