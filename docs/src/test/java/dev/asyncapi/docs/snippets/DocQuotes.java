package dev.asyncapi.docs.snippets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the quoted code blocks of Markdown and Javadoc, and the Java code blocks that quote nothing.
 *
 * <p>In Markdown a quote is a {@code <!-- snippet: name -->} line followed at once by a {@code ```java} fence; in
 * Javadoc it is a {@code * <!-- snippet: name -->} line followed at once by {@code * <pre>{@code}, up to the line
 * {@code * }</pre>}.
 */
public final class DocQuotes {

    private static final Pattern MARKER = Pattern.compile("^\\s*(?:\\*\\s*)?<!-- snippet: ([a-z0-9-]+) -->\\s*$");
    private static final Pattern JAVADOC_LINE = Pattern.compile("^\\s*\\* ?");

    private DocQuotes() {
    }

    /**
     * Parses the quotes of a Markdown file.
     *
     * @param file the file's path relative to the repository's root, for messages
     * @param text the file's text
     * @return its quotes, in order
     * @throws IllegalArgumentException if a marker is not followed by a fenced block, or a fence is not closed
     */
    public static List<Quote> markdown(Path file, String text) {
        String[] lines = text.split("\n", -1);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (!marker.matches()) {
                continue;
            }
            if (i + 1 >= lines.length || !lines[i + 1].strip().startsWith("```")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the snippet marker of '" + marker.group(1)
                        + "' must be followed at once by a ``` fence");
            }
            int end = i + 2;
            while (end < lines.length && !lines[end].strip().equals("```")) {
                end++;
            }
            if (end == lines.length) {
                throw new IllegalArgumentException(file + ":" + (i + 2) + ": the fence of '" + marker.group(1)
                        + "' is never closed");
            }
            quotes.add(new Quote(marker.group(1), file, i + 1, Text.normalise(List.of(lines).subList(i + 2, end))));
            i = end;
        }
        return List.copyOf(quotes);
    }

    /**
     * Lists the 1-based lines of the {@code ```java} fences of a Markdown file that no snippet marker precedes.
     *
     * @param text the file's text
     * @return those lines, in order; empty when every Java block is a quote
     */
    public static List<Integer> unquotedMarkdownJava(String text) {
        String[] lines = text.split("\n", -1);
        List<Integer> unquoted = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals("```java") && (i == 0 || !MARKER.matcher(lines[i - 1]).matches())) {
                unquoted.add(i + 1);
            }
        }
        return List.copyOf(unquoted);
    }

    /**
     * Parses the quotes of a Java source file's Javadoc comments.
     *
     * @param file the file's path relative to the repository's root, for messages
     * @param text the file's text
     * @return its quotes, in order
     * @throws IllegalArgumentException if a marker is not followed by {@code <pre>{@code}, or the block is not closed
     */
    public static List<Quote> javadoc(Path file, String text) {
        String[] lines = text.split("\n", -1);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (!marker.matches()) {
                continue;
            }
            if (i + 1 >= lines.length || !javadocContent(lines[i + 1]).strip().equals("<pre>{@code")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the snippet marker of '" + marker.group(1)
                        + "' must be followed at once by a line holding only <pre>{@code");
            }
            int end = i + 2;
            while (end < lines.length && !javadocContent(lines[end]).strip().equals("}</pre>")) {
                end++;
            }
            if (end == lines.length) {
                throw new IllegalArgumentException(file + ":" + (i + 2) + ": the <pre>{@code block of '"
                        + marker.group(1) + "' has no line holding only }</pre>");
            }
            List<String> content = new ArrayList<>();
            for (String line : List.of(lines).subList(i + 2, end)) {
                content.add(javadocContent(line));
            }
            quotes.add(new Quote(marker.group(1), file, i + 1, Text.normalise(content)));
            i = end;
        }
        return List.copyOf(quotes);
    }

    /**
     * Lists the 1-based lines of a Java file's {@code <pre>{@code} blocks that no snippet marker precedes.
     *
     * @param text the file's text
     * @return those lines, in order; empty when every such block is a quote
     */
    public static List<Integer> unquotedJavadocCode(String text) {
        String[] lines = text.split("\n", -1);
        List<Integer> unquoted = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (javadocContent(lines[i]).strip().startsWith("<pre>{@code")
                    && (i == 0 || !MARKER.matcher(lines[i - 1]).matches())) {
                unquoted.add(i + 1);
            }
        }
        return List.copyOf(unquoted);
    }

    private static String javadocContent(String line) {
        Matcher prefix = JAVADOC_LINE.matcher(line);
        return prefix.lookingAt() ? line.substring(prefix.end()) : line;
    }
}
