package dev.asyncapi.docs.snippets;

import java.util.ArrayList;
import java.util.List;

/** Line handling shared by regions and quotes, so that both sides of a comparison are normalised alike. */
final class Text {

    private Text() {
    }

    /**
     * Strips trailing blanks, drops leading and trailing blank lines and removes the indentation common to the
     * non-blank lines.
     */
    static List<String> normalise(List<String> raw) {
        List<String> lines = new ArrayList<>();
        for (String line : raw) {
            lines.add(line.stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isEmpty()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        List<String> dedented = new ArrayList<>();
        for (String line : lines) {
            dedented.add(line.isEmpty() ? line : line.substring(indent));
        }
        return List.copyOf(dedented);
    }
}
