package dev.asyncapi.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.asyncapi.core.InvalidJobInputException;
import dev.asyncapi.core.UnknownJobTypeException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every JSON step of the engine in one place: inputs parsed and bound, outputs and progress written,
 * two inputs compared. One reader per job type is resolved once, since binding is on every job's path.
 */
public final class Json {

    private final ObjectMapper mapper;
    private final ObjectReader strictTreeReader;
    private final Map<String, ObjectReader> inputReaders;

    /**
     * @param mapper     the user's mapper
     * @param inputTypes the input class of every type the engine submits
     */
    Json(ObjectMapper mapper, Map<String, Class<?>> inputTypes) {
        this.mapper = mapper;
        // readTree alone stops after the first value and would accept '{"n":1} garbage'
        this.strictTreeReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Map<String, ObjectReader> readers = new HashMap<>();
        inputTypes.forEach((type, inputType) -> readers.put(type, mapper.readerFor(inputType)));
        this.inputReaders = Map.copyOf(readers);
    }

    /**
     * Writes a submitted input value as JSON text.
     *
     * @param input the value
     * @return the JSON text
     * @throws InvalidJobInputException if the value cannot be written
     */
    public String inputToJson(Object input) {
        try {
            return mapper.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new InvalidJobInputException("the input cannot be converted to JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks that text is exactly one well-formed JSON value and returns it in compact form.
     *
     * @param inputJson the text
     * @return the compact JSON text
     * @throws InvalidJobInputException if it is not
     */
    public String normalize(String inputJson) {
        JsonNode tree;
        try {
            tree = strictTreeReader.readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw new InvalidJobInputException("the input is not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidJobInputException("the input is empty; send JSON such as {} or null");
        }
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new InvalidJobInputException("the input cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Binds a submitted input to its type's input class.
     *
     * @throws UnknownJobTypeException  if the engine does not know the type
     * @throws InvalidJobInputException if the input does not fit
     */
    Object bindSubmitted(String type, String inputJson) {
        try {
            return readerOf(type).readValue(inputJson);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidJobInputException("the input does not fit job type " + type + ": " + detail, e);
        }
    }

    /**
     * Binds a stored input for a run.
     *
     * @throws JsonProcessingException if it no longer fits the type's input class
     */
    Object bindStored(String type, String inputJson) throws JsonProcessingException {
        return readerOf(type).readValue(inputJson);
    }

    /** @throws JsonProcessingException if a handler's output cannot be written */
    String outputToJson(Object output) throws JsonProcessingException {
        return mapper.writeValueAsString(output);
    }

    /** @throws IllegalArgumentException if the progress cannot be written, naming its class */
    String progressToJson(Object progress) {
        Objects.requireNonNull(progress, "progress cannot be null");
        try {
            return mapper.writeValueAsString(progress);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("progress of type " + progress.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a stored output as a value.
     *
     * @param json the output JSON
     * @param type the class to bind to
     * @param what names the job in the message
     * @param <T>  the output type
     * @return the value
     * @throws IllegalArgumentException if the output does not bind to {@code type}
     */
    public <T> T readOutput(String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the output of " + what + " does not bind to " + type.getName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Compares two JSON texts as values (key order and spacing do not matter).
     *
     * @return whether both parse and are equal; empty if either does not parse
     */
    Optional<Boolean> sameValue(String a, String b) {
        try {
            return Optional.of(mapper.readTree(a).equals(mapper.readTree(b)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private ObjectReader readerOf(String type) {
        ObjectReader reader = inputReaders.get(type);
        if (reader == null) {
            throw new UnknownJobTypeException(type);
        }
        return reader;
    }
}
