package dev.asyncapi.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Job id generation and validation.
 *
 * <p>Generated ids carry 128 random bits from {@link SecureRandom}, written as 32 lowercase hex
 * digits, so they cannot be guessed. Ids given explicitly must be well-formed: 1 to
 * {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 - _}, which keeps them safe in URLs, store
 * keys and query filters.
 *
 * <p>Thread-safe.
 */
public final class JobIds {

    /** The longest id accepted. */
    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    /** The characters allowed in an id, by code point; ids are checked on every submit and query. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 0; c < ALLOWED.length; c++) {
            ALLOWED[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
    }

    private JobIds() {
    }

    /**
     * Creates a new unguessable id.
     *
     * @return 32 lowercase hex digits encoding 128 random bits
     */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /**
     * Tells whether {@code id} is well-formed.
     *
     * @param id a candidate id; may be null
     * @return {@code true} if it is 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 - _}
     */
    public static boolean isWellFormed(String id) {
        // a table rather than a regex: every new Job snapshot and every id-taking call checks an id
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= ALLOWED.length || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code id} if it is well-formed.
     *
     * @param id a candidate id
     * @return the same id
     * @throws IllegalArgumentException if it is not well-formed; the message names the value
     */
    public static String requireWellFormed(String id) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("job id must be 1 to " + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 - _, but was: " + abbreviate(id));
        }
        return id;
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 77) + "...'";
    }
}
