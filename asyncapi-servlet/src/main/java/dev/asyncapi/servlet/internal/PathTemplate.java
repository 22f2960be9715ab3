package dev.asyncapi.servlet.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path template such as {@code /api/status/{id}}: literal segments and whole-segment variables. Matching
 * works on the raw (still percent-encoded) path; variables are decoded, and a segment that decodes to
 * {@code .} or {@code ..}, or holds a slash, backslash or control character, never matches, so encoded path
 * tricks cannot reach a mapper. Immutable and thread-safe.
 */
public final class PathTemplate {

    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private final String text;
    /** Literal segments as given; variables as null with their name in {@link #names}. */
    private final List<String> literals;
    private final List<String> names;

    private PathTemplate(String text, List<String> literals, List<String> names) {
        this.text = text;
        this.literals = literals;
        this.names = names;
    }

    public static PathTemplate parse(String template) {
        Objects.requireNonNull(template, "path template cannot be null");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/', but was: '" + template + "'");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!template.equals("/")) {
            for (String segment : template.substring(1).split("/", -1)) {
                var m = VARIABLE.matcher(segment);
                if (m.matches()) {
                    if (names.contains(m.group(1))) {
                        throw new IllegalArgumentException("path template names variable {" + m.group(1)
                                + "} twice: '" + template + "'");
                    }
                    literals.add(null);
                    names.add(m.group(1));
                } else if (LITERAL.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..")) {
                    literals.add(segment);
                    names.add(null);
                } else {
                    throw new IllegalArgumentException("path template segment '" + segment + "' of '" + template
                            + "' must be a {name} variable or unreserved URI characters");
                }
            }
        }
        return new PathTemplate(template, Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
    }

    /** @return the template as written */
    public String text() {
        return text;
    }

    /** @return whether the template has a {@code {name}} variable */
    public boolean hasVariable(String name) {
        return names.contains(name);
    }

    /**
     * Matches a raw path.
     *
     * @return the decoded variables, or null if the path does not match
     */
    public Map<String, String> match(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String[] segments = rawPath.equals("/") ? new String[0] : rawPath.substring(1).split("/", -1);
        if (segments.length != literals.size()) {
            return null;
        }
        Map<String, String> variables = null;
        for (int i = 0; i < segments.length; i++) {
            String literal = literals.get(i);
            if (literal != null) {
                if (!literal.equals(segments[i])) {
                    return null;
                }
                continue;
            }
            String value = decodeSegment(segments[i]);
            if (value == null) {
                return null;
            }
            if (variables == null) {
                variables = new LinkedHashMap<>(4);
            }
            variables.put(names.get(i), value);
        }
        return variables == null ? Map.of() : variables;
    }

    /** Fills the template; values must be URL-safe (job ids are). */
    public String expand(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < literals.size(); i++) {
            out.append('/');
            String literal = literals.get(i);
            out.append(literal != null ? literal : Objects.requireNonNull(values.get(names.get(i)), names.get(i)));
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Percent-decodes one segment as strict UTF-8; null if empty, malformed or unsafe. */
    static String decodeSegment(String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        String value = raw.indexOf('%') < 0 ? raw : percentDecode(raw, false);
        if (value == null || value.equals(".") || value.equals("..")) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return value;
    }

    /** Percent-decodes as strict UTF-8; null if malformed. */
    public static String percentDecode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
