package dev.asyncapi.docs.snippets;

import java.nio.file.Path;
import java.util.List;

/**
 * A named region of a compiled test source, between {@code // tag::name[]} and {@code // end::name[]}.
 *
 * @param name  the region's name, unique in the repository
 * @param file  the source file, relative to the repository's root
 * @param line  the 1-based line of the {@code tag::} line
 * @param lines the region's lines, dedented, without leading or trailing blank lines
 */
public record Region(String name, Path file, int line, List<String> lines) {

    /** {@return where the region starts, as {@code file:line}} */
    public String location() {
        return file + ":" + line;
    }
}
