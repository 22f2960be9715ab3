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
        return quotes(file, text, Syntax.MARKDOWN);
    }

    /**
     * Lists the 1-based lines of the {@code ```java} fences of a Markdown file that no snippet marker precedes.
     *
     * @param text the file's text
     * @return those lines, in order; empty when every Java block is a quote
     */
    public static List<Integer> unquotedMarkdownJava(String text) {
        return unquoted(text, Syntax.MARKDOWN);
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
        return quotes(file, text, Syntax.JAVADOC);
    }

    /**
     * Lists the 1-based lines of a Java file's {@code <pre>{@code} blocks that no snippet marker precedes.
     *
     * @param text the file's text
     * @return those lines, in order; empty when every such block is a quote
     */
    public static List<Integer> unquotedJavadocCode(String text) {
        return unquoted(text, Syntax.JAVADOC);
    }

    /** How a quoted block opens, closes and reads in one kind of file, and how its errors name that. */
    private enum Syntax {
        MARKDOWN("a ``` fence", "``` line") {
            @Override
            String content(String line) {
                return line;
            }

            @Override
            boolean opens(String content) {
                return content.strip().startsWith("```");
            }

            @Override
            boolean closes(String content) {
                return content.strip().equals("```");
            }

            @Override
            boolean startsCode(String content) {
                return content.strip().equals("```java");
            }
        },
        JAVADOC("a line holding only <pre>{@code", "line holding only }</pre>") {
            @Override
            String content(String line) {
                return javadocContent(line);
            }

            @Override
            boolean opens(String content) {
                return content.strip().equals("<pre>{@code");
            }

            @Override
            boolean closes(String content) {
                return content.strip().equals("}</pre>");
            }

            @Override
            boolean startsCode(String content) {
                return content.strip().startsWith("<pre>{@code");
            }
        };

        private final String opening;
        private final String closing;

        Syntax(String opening, String closing) {
            this.opening = opening;
            this.closing = closing;
        }

        abstract String content(String line);

        abstract boolean opens(String content);

        abstract boolean closes(String content);

        /** Whether a line starts a block of Java code, the kind that must quote a region. */
        abstract boolean startsCode(String content);
    }

    private static List<Integer> unquoted(String text, Syntax syntax) {
        String[] lines = text.split("\n", -1);
        List<Integer> unquoted = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (syntax.startsCode(syntax.content(lines[i])) && (i == 0 || !MARKER.matcher(lines[i - 1]).matches())) {
                unquoted.add(i + 1);
            }
        }
        return List.copyOf(unquoted);
    }

    private static List<Quote> quotes(Path file, String text, Syntax syntax) {
        String[] lines = text.split("\n", -1);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (!marker.matches()) {
                continue;
            }
            String name = marker.group(1);
            if (i + 1 >= lines.length || !syntax.opens(syntax.content(lines[i + 1]))) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the snippet marker of '" + name
                        + "' must be followed at once by " + syntax.opening);
            }
            int end = i + 2;
            while (end < lines.length && !syntax.closes(syntax.content(lines[end]))) {
                end++;
            }
            if (end == lines.length) {
                throw new IllegalArgumentException(file + ":" + (i + 2) + ": the block of '" + name + "' has no closing "
                        + syntax.closing);
            }
            List<String> content = new ArrayList<>();
            for (String line : List.of(lines).subList(i + 2, end)) {
                content.add(syntax.content(line));
            }
            quotes.add(new Quote(name, file, i + 1, Text.normalise(content)));
            i = end;
        }
        return List.copyOf(quotes);
    }

    private static String javadocContent(String line) {
        Matcher prefix = JAVADOC_LINE.matcher(line);
        return prefix.lookingAt() ? line.substring(prefix.end()) : line;
    }
}
