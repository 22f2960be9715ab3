package dev.asyncapi.docs.snippets;

import java.nio.file.Path;
import java.util.List;

/**
 * A code block in documentation that says which region it quotes with a {@code <!-- snippet: name -->} line just
 * before it.
 *
 * @param name  the quoted region's name
 * @param file  the documentation file, relative to the repository's root
 * @param line  the 1-based line of the marker
 * @param lines the block's lines, dedented, without leading or trailing blank lines
 */
public record Quote(String name, Path file, int line, List<String> lines) {

    /** {@return where the quote starts, as {@code file:line}} */
    public String location() {
        return file + ":" + line;
    }
}
