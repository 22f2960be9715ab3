package dev.asyncapi.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.asyncapi.core.InvalidJobInputException;
import dev.asyncapi.core.MalformedJobInputException;
import dev.asyncapi.core.UnknownJobTypeException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every JSON step of the engine in one place: inputs parsed and bound, outputs and progress written,
 * two inputs compared. One reader per job type is resolved once, since binding is on every job's path.
 *
 * <p>A submitted input is parsed once, into a tree: the input value is bound from the tree and the
 * stored text is written from it, so what a local run receives and what any other engine binds from
 * the store are the same value.
 */
public final class Json {

    private final ObjectMapper mapper;
    private final ObjectReader strictTreeReader;
    private final StreamReadConstraints limits;
    private final Map<String, ObjectReader> inputReaders;
    private final Map<String, InputBinding> inputs;

    /**
     * @param mapper the user's mapper
     * @param inputs how every type the engine submits binds its input
     */
    Json(ObjectMapper mapper, Map<String, InputBinding> inputs) {
        this.mapper = mapper;
        // readTree alone stops after the first value and would accept '{"n":1} garbage', and keeps the last of
        // two equal names where a client may have meant the first
        this.strictTreeReader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.limits = mapper.getFactory().streamReadConstraints();
        Map<String, ObjectReader> readers = new HashMap<>();
        inputs.forEach((type, input) -> readers.put(type, mapper.readerFor(input.inputType())));
        this.inputReaders = Map.copyOf(readers);
        this.inputs = Map.copyOf(inputs);
    }

    /**
     * Parses a submitted JSON text once, strictly, and binds it to its type's input class.
     *
     * @param type      the job type
     * @param inputJson the text
     * @return the bound value and the compact text to store
     * @throws UnknownJobTypeException     if the engine does not know the type
     * @throws MalformedJobInputException  if the text is empty, not well-formed JSON, has trailing data or a
     *                                     duplicate name, or goes beyond a parser limit
     * @throws InvalidJobInputException    if the JSON does not fit the input class, or is null for a type
     *                                     that does not accept null
     */
    public SubmittedInput fromJson(String type, String inputJson) {
        ObjectReader reader = readerOf(type);
        JsonNode tree;
        try {
            tree = strictTreeReader.readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw InputProblems.malformed(e, limits);
        }
        if (tree == null || tree.isMissingNode()) {
            throw InputProblems.empty();
        }
        return bind(type, reader, tree);
    }

    /**
     * Converts a submitted value to a tree and binds it to its type's input class, as a JSON submit would.
     *
     * @param type  the job type
     * @param input the value; may be null
     * @return the bound value and the compact text to store
     * @throws UnknownJobTypeException  if the engine does not know the type
     * @throws InvalidJobInputException if the value cannot be written as JSON, does not fit the input class,
     *                                  or is null for a type that does not accept null
     */
    public SubmittedInput fromValue(String type, Object input) {
        ObjectReader reader = readerOf(type);
        JsonNode tree;
        try {
            tree = input == null ? NullNode.getInstance() : mapper.valueToTree(input);
        } catch (IllegalArgumentException e) {
            throw InputProblems.notWritable(e);
        }
        return bind(type, reader, tree == null ? NullNode.getInstance() : tree);
    }

    private SubmittedInput bind(String type, ObjectReader reader, JsonNode tree) {
        boolean acceptsNull = inputs.get(type).acceptsNull();
        if (tree.isNull() && !acceptsNull) {
            throw InputProblems.nullInput();
        }
        Object value;
        try {
            value = reader.readValue(tree);
        } catch (IOException | IllegalArgumentException e) {
            throw InputProblems.unfit(e, tree);
        }
        if (value == null && !acceptsNull) {
            throw InputProblems.nullInput();
        }
        try {
            return new SubmittedInput(tree, value, mapper.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw InputProblems.notWritable(e);
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
     * Compares a stored input with a submitted one as values (key order and spacing do not matter).
     *
     * @return whether they are equal; empty if the stored text does not parse
     */
    Optional<Boolean> sameValue(String storedJson, JsonNode submitted) {
        try {
            return Optional.of(mapper.readTree(storedJson).equals(submitted));
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

    /**
     * A submitted input, parsed once.
     *
     * @param tree  the input as a tree, for comparing with an earlier submit of the same idempotency key
     * @param value the input bound to its type's input class, handed to a local run
     * @param json  the compact text to store
     */
    public record SubmittedInput(JsonNode tree, Object value, String json) {
    }
}
