package dev.asyncapi.azure.tables;

import dev.asyncapi.core.Job;

import java.util.OptionalLong;

/**
 * The opaque {@link Job#version()} of this store: the due-index millisecond of the stored snapshot (or
 * {@code -} when it has none) and the entity's ETag, as {@code "<millis>;<etag>"}. Carrying the due instant
 * lets an update remove the old due-index row in the same transaction without reading the job first.
 */
final class Versions {

    private Versions() {
    }

    static String of(Job stored, String etag) {
        return stored.claimableAt().map(at -> Long.toString(Keys.dueMillis(at))).orElse("-") + ";" + etag;
    }

    /** The due millisecond of the snapshot the version names, if it had a due-index row. */
    static OptionalLong dueMillis(String version) {
        String head = version.substring(0, separator(version));
        return head.equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(head));
    }

    static String etag(String version) {
        return version.substring(separator(version) + 1);
    }

    /**
     * An ETag from a response header, repaired: Azurite 3.37 drops the closing quote of weak ETags in the
     * headers of single-entity answers ({@code W/"datetime'...'}), which it then refuses in {@code If-Match}.
     */
    static String fromHeader(String etag) {
        if (etag == null || etag.isEmpty()) {
            throw new IllegalStateException("the Table service answered a write without an ETag");
        }
        return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    private static int separator(String version) {
        int at = version.indexOf(';');
        if (at <= 0 || at == version.length() - 1) {
            throw new IllegalArgumentException("not a version of this store: '" + version + "'");
        }
        return at;
    }
}
