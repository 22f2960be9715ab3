package dev.asyncapi.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.asyncapi.core.InvalidJobInputException;
import dev.asyncapi.core.MalformedJobInputException;

import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages of {@link InvalidJobInputException} and {@link MalformedJobInputException}, composed in
 * one place. They are shown to whoever submitted the input (an HTTP caller), so they name the JSON path
 * or position and the kind of problem, and never a Java type: Jackson's own messages name the server's
 * classes and settings. Jackson's exception stays the cause, for logs.
 *
 * <p>Jackson tells the kind of a syntax or limit problem only in its message text, so those are
 * recognised by their wording; an unrecognised one still gets its position and a plain message.
 */
final class InputProblems {

    private static final int MAX_ECHO = 40;
    private static final int MAX_PATH = 200;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) ['\"](.*)['\"]");
    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("^Unexpected character \\('.*' \\(code (\\d+)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
    private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
    private static final Pattern MISSING_PROPERTY = Pattern.compile("^Missing (?:required )?(?:creator )?property '(.*?)'");
    private static final Pattern NULL_CREATOR_PROPERTY = Pattern.compile("^Null value for creator property '(.*?)'");

    private InputProblems() {
    }

    /** The text holds no JSON value at all. */
    static MalformedJobInputException empty() {
        return new MalformedJobInputException("the input is empty; send a JSON value such as {}");
    }

    /** A JSON {@code null} input for a type that does not accept one. */
    static InvalidJobInputException nullInput() {
        return new InvalidJobInputException("$: the input must not be null");
    }

    /** A value given to {@code submit} that the mapper cannot write as JSON (the caller's code, not a client). */
    static InvalidJobInputException notWritable(Exception cause) {
        return new InvalidJobInputException("the input cannot be written as JSON", cause);
    }

    /**
     * The text is not well-formed JSON, or goes beyond a parser limit.
     *
     * @param e      what the parser threw while reading the text into a tree
     * @param limits the parser's limits, quoted in the message
     */
    static MalformedJobInputException malformed(JsonProcessingException e, StreamReadConstraints limits) {
        StreamConstraintsException limit = causeOf(e, StreamConstraintsException.class);
        if (limit != null) {
            return new MalformedJobInputException(limitMessage(limit.getOriginalMessage(), limits), e);
        }
        String problem = syntaxProblem(e.getOriginalMessage());
        return new MalformedJobInputException("not well-formed JSON" + position(e.getLocation())
                + (problem == null ? "" : ": " + problem), e);
    }

    /**
     * Well-formed JSON that does not bind to the type's input class.
     *
     * @param e    what the binder threw
     * @param tree the input, to describe the value found at the problem's path
     */
    static InvalidJobInputException unfit(Exception e, JsonNode tree) {
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException jme
                ? jme.getPath() : Collections.emptyList();
        return new InvalidJobInputException(unfitMessage(e, path, tree), e);
    }

    private static String unfitMessage(Exception e, List<JsonMappingException.Reference> path, JsonNode tree) {
        if (e instanceof PropertyBindingException pbe) {
            return at(parent(path)) + ": unknown property " + quote(pbe.getPropertyName());
        }
        if (e instanceof InvalidFormatException ife) {
            return at(path) + ": " + echo(ife.getValue()) + " " + notA(ife.getTargetType());
        }
        if (e instanceof ValueInstantiationException) {
            // the input class's own check: its IllegalArgumentException message is the application's text
            Throwable cause = e.getCause();
            boolean ownText = cause instanceof IllegalArgumentException && cause.getMessage() != null
                    && !cause.getMessage().isBlank();
            return at(path) + ": " + (ownText ? cause.getMessage() : "the value was refused");
        }
        if (e instanceof InvalidTypeIdException tie) {
            return at(path) + (tie.getTypeId() == null ? ": the type property is missing"
                    : ": unknown type " + quote(tie.getTypeId()));
        }
        if (causeOf(e, InputCoercionException.class) != null) {
            JsonNode node = nodeAt(tree, path);
            boolean finite = node != null && node.isNumber() && !(node.isDouble() && !Double.isFinite(node.doubleValue()))
                    && !(node.isFloat() && !Float.isFinite(node.floatValue()));
            return at(path) + ": " + (finite ? abbreviate(node.asText()) : "the number") + " is out of range";
        }
        if (e instanceof MismatchedInputException mie) {
            String message = mie.getOriginalMessage() == null ? "" : mie.getOriginalMessage();
            Matcher missing = MISSING_PROPERTY.matcher(message);
            if (missing.find()) {
                return at(withoutLast(path, missing.group(1))) + ": missing required property " + quote(missing.group(1));
            }
            Matcher nullProperty = NULL_CREATOR_PROPERTY.matcher(message);
            if (nullProperty.find()) {
                return at(withLast(path, nullProperty.group(1))) + ": must not be null";
            }
            String expected = kindOf(mie.getTargetType());
            JsonNode node = nodeAt(tree, path);
            String found = node == null ? null : describe(node);
            if (expected == null) {
                return at(path) + ": " + (found == null ? "this value does not fit" : found + " does not fit here");
            }
            return at(path) + ": expected " + expected + (found == null || found.equals(expected) ? "" : ", not " + found);
        }
        return at(path) + ": this value does not fit";
    }

    private static String limitMessage(String message, StreamReadConstraints limits) {
        String m = message == null ? "" : message;
        if (m.contains("nesting depth")) {
            return "the JSON nests deeper than the limit of " + limits.getMaxNestingDepth() + " levels";
        }
        if (m.startsWith("Number value length") || m.startsWith("Number length")) {
            return "a number in the JSON is longer than the limit of " + limits.getMaxNumberLength() + " characters";
        }
        if (m.startsWith("String value length") || m.startsWith("String length")) {
            return "a string in the JSON is longer than the limit of " + limits.getMaxStringLength() + " characters";
        }
        if (m.startsWith("Name length") || m.startsWith("Name value length")) {
            return "a property name in the JSON is longer than the limit of " + limits.getMaxNameLength()
                    + " characters";
        }
        if (m.startsWith("Document length")) {
            return "the JSON is longer than the limit of " + limits.getMaxDocumentLength() + " characters";
        }
        if (m.startsWith("Token count")) {
            return "the JSON has more than the limit of " + limits.getMaxTokenCount() + " tokens";
        }
        return "the JSON goes beyond a limit of the parser";
    }

    private static String syntaxProblem(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = DUPLICATE.matcher(message);
        if (m.find()) {
            return "duplicate property " + quote(m.group(1));
        }
        m = UNEXPECTED_CHAR.matcher(message);
        if (m.find()) {
            return "unexpected character " + character(Integer.parseInt(m.group(1)));
        }
        m = UNRECOGNIZED_TOKEN.matcher(message);
        if (m.find()) {
            return "unexpected token " + quote(m.group(1));
        }
        m = CLOSE_MARKER.matcher(message);
        if (m.find()) {
            return "unexpected character '" + m.group(1) + "'";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (message.startsWith("Trailing token")) {
            return "unexpected data after the JSON value";
        }
        if (message.startsWith("Illegal unquoted character")) {
            return "a control character in a string must be escaped";
        }
        if (message.startsWith("Unrecognized character escape")) {
            return "invalid escape sequence in a string";
        }
        if (message.startsWith("Invalid numeric value") || message.startsWith("Non-standard token")
                || message.startsWith("Leading zeroes")) {
            return "invalid number";
        }
        if (message.startsWith("Unexpected character")) {
            return "unexpected character";
        }
        return null;
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String character(int code) {
        if (code < 0x20 || code == 0x7f || Character.isWhitespace(code) || !Character.isDefined(code)) {
            return String.format("U+%04X", code);
        }
        return "'" + new String(Character.toChars(code)) + "'";
    }

    /** "not a number" and the like, for a value of the right JSON kind but the wrong content. */
    private static String notA(Class<?> target) {
        if (target != null && (target.isEnum() || Enum.class.isAssignableFrom(target))) {
            return "is not one of the allowed values";
        }
        String kind = kindOf(target);
        if ("a number".equals(kind)) {
            return "is not a number";
        }
        if ("true or false".equals(kind)) {
            return "is not true or false";
        }
        if ("a date or time".equals(kind)) {
            return "is not a valid date or time";
        }
        return "is not a valid value here";
    }

    /** The JSON kind a class binds from, or null if that depends on how the class is configured. */
    private static String kindOf(Class<?> t) {
        if (t == null || t == void.class || t == Void.class) {
            return null;
        }
        if (JsonNode.class.isAssignableFrom(t)) {
            // before the Java types: every tree node is also an Iterable
            return treeKindOf(t);
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == char.class || t == Character.class || CharSequence.class.isAssignableFrom(t) || t.isEnum()
                || Enum.class.isAssignableFrom(t) || t == UUID.class || t == URI.class || t == URL.class
                || t == Locale.class || t == Currency.class || Charset.class.isAssignableFrom(t)
                || Pattern.class == t || t == byte[].class || t == char[].class) {
            return "a string";
        }
        if (t.isPrimitive() || Number.class.isAssignableFrom(t)) {
            return "a number";
        }
        if (t.isArray() || Iterable.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(t)) {
            return "an object";
        }
        if (TemporalAccessor.class.isAssignableFrom(t) || TemporalAmount.class.isAssignableFrom(t)
                || Date.class.isAssignableFrom(t) || Calendar.class.isAssignableFrom(t)) {
            return "a date or time";
        }
        String name = t.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("com.fasterxml.")) {
            return null;
        }
        // the application's own classes bind from objects unless they declare otherwise
        return "an object";
    }

    private static String treeKindOf(Class<?> t) {
        if (ObjectNode.class.isAssignableFrom(t)) {
            return "an object";
        }
        if (ArrayNode.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (TextNode.class.isAssignableFrom(t)) {
            return "a string";
        }
        if (NumericNode.class.isAssignableFrom(t)) {
            return "a number";
        }
        if (BooleanNode.class.isAssignableFrom(t)) {
            return "true or false";
        }
        return null;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        return null;
    }

    /** The node at a binder's path, or null where the path leaves the tree (a custom binding shaped it). */
    private static JsonNode nodeAt(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : path) {
            if (node == null) {
                return null;
            }
            if (ref.getFieldName() != null) {
                node = node.isObject() ? node.get(ref.getFieldName()) : null;
            } else if (ref.getIndex() >= 0) {
                node = node.isArray() ? node.get(ref.getIndex()) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    /** A JSON path such as {@code $.range.start} or {@code $.items[2]['odd name']}; long paths keep their end. */
    private static String at(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            String name = ref.getFieldName();
            if (name != null) {
                if (IDENTIFIER.matcher(name).matches() && name.length() <= MAX_ECHO) {
                    out.append('.').append(name);
                } else {
                    out.append("[").append(quote(name)).append("]");
                }
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else {
                out.append("[?]");
            }
        }
        if (out.length() > MAX_PATH) {
            return "$..." + out.substring(out.length() - MAX_PATH);
        }
        return "$" + out;
    }

    private static List<JsonMappingException.Reference> parent(List<JsonMappingException.Reference> path) {
        return path.isEmpty() ? path : path.subList(0, path.size() - 1);
    }

    /** The path of the object missing a property: Jackson ends the path with the property, or not. */
    private static List<JsonMappingException.Reference> withoutLast(List<JsonMappingException.Reference> path,
                                                                     String property) {
        return !path.isEmpty() && property.equals(path.get(path.size() - 1).getFieldName()) ? parent(path) : path;
    }

    /** The path of a property that must not be null, whether or not Jackson ended the path with it. */
    private static List<JsonMappingException.Reference> withLast(List<JsonMappingException.Reference> path,
                                                                 String property) {
        if (!path.isEmpty() && property.equals(path.get(path.size() - 1).getFieldName())) {
            return path;
        }
        List<JsonMappingException.Reference> longer = new ArrayList<>(path);
        longer.add(new JsonMappingException.Reference(null, property));
        return longer;
    }

    private static String quote(String text) {
        return "'" + abbreviate(escape(text == null ? "" : text)) + "'";
    }

    private static String echo(Object value) {
        if (value instanceof String s) {
            return "\"" + abbreviate(escape(s).replace("\"", "\\\"")) + "\"";
        }
        return value == null ? "null" : abbreviate(escape(String.valueOf(value)));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO - 3) + "...";
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
