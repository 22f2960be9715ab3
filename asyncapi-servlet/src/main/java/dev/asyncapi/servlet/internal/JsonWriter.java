package dev.asyncapi.servlet.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes small JSON objects. Stored payloads (output, progress) are already JSON written by the engine, so
 * they are embedded raw rather than parsed again: status reads are the hot path.
 */
public final class JsonWriter implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final StringWriter out = new StringWriter(128);
    private final JsonGenerator gen;

    JsonWriter() {
        try {
            gen = FACTORY.createGenerator(out);
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter string(String name, String value) {
        try {
            gen.writeStringField(name, value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter number(String name, long value) {
        try {
            gen.writeNumberField(name, value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter bool(String name, boolean value) {
        try {
            gen.writeBooleanField(name, value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a number as the next element of the open array. */
    public JsonWriter element(long value) {
        try {
            gen.writeNumber(value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embeds JSON text the engine wrote. */
    public JsonWriter raw(String name, String json) {
        try {
            gen.writeFieldName(name);
            gen.writeRawValue(json);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter startObject(String name) {
        try {
            gen.writeObjectFieldStart(name);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter startArray(String name) {
        try {
            gen.writeArrayFieldStart(name);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter startObject() {
        try {
            gen.writeStartObject();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter endObject() {
        try {
            gen.writeEndObject();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonWriter endArray() {
        try {
            gen.writeEndArray();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the outer object and returns the text. */
    public String finish() {
        close();
        return out.toString();
    }

    @Override
    public void close() {
        try {
            gen.writeEndObject();
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
