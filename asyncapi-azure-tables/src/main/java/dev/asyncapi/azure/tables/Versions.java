package dev.asyncapi.azure.tables;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;

import java.util.OptionalLong;

/**
 * The opaque {@link Job#version()} of this store: the due-index millisecond of the stored snapshot (or
 * {@code -} when it has none) and the entity's ETag, as {@code "<millis>;<etag>"}; a snapshot whose callback
 * delivery is due also carries the millisecond of its delivery-index row, as {@code "<millis>+<hook>;<etag>"}.
 * Carrying the indexed instants lets an update remove the old index rows in the same transaction without
 * reading the job first.
 */
final class Versions {

    private Versions() {
    }

    static String of(Job stored, String etag) {
        return stored.claimableAt().map(at -> Long.toString(Keys.dueMillis(at))).orElse("-")
                + stored.callback().flatMap(JobCallback::dueAt).map(at -> "+" + Keys.dueMillis(at)).orElse("")
                + ";" + etag;
    }

    /** The due millisecond of the snapshot the version names, if it had a due-index row. */
    static OptionalLong dueMillis(String version) {
        String head = head(version);
        int plus = head.indexOf('+');
        String due = plus < 0 ? head : head.substring(0, plus);
        return due.equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(due));
    }

    /** The delivery-index millisecond of the snapshot the version names, if its callback was due. */
    static OptionalLong hookMillis(String version) {
        String head = head(version);
        int plus = head.indexOf('+');
        return plus < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(head.substring(plus + 1)));
    }

    private static String head(String version) {
        return version.substring(0, separator(version));
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
