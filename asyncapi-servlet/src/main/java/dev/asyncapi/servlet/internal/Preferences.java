package dev.asyncapi.servlet.internal;

import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Prefer} preferences (RFC 7240) this layer understands: {@code respond-async} and {@code wait=N}.
 * Others, and malformed ones, are ignored, as the RFC requires.
 *
 * @param respondAsync whether {@code respond-async} was sent
 * @param waitSeconds  the first well-formed {@code wait}, in seconds
 */
record Preferences(boolean respondAsync, Optional<Long> waitSeconds) {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");

    static Preferences parse(Enumeration<String> headers) {
        boolean respondAsync = false;
        Long wait = null;
        while (headers != null && headers.hasMoreElements()) {
            for (String token : headers.nextElement().split(",")) {
                String preference = token.split(";", 2)[0].trim();
                int eq = preference.indexOf('=');
                String name = (eq < 0 ? preference : preference.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : preference.substring(eq + 1).trim().replace("\"", "");
                if (name.equals("respond-async")) {
                    respondAsync = true;
                } else if (name.equals("wait") && wait == null && SECONDS.matcher(value).matches()) {
                    wait = Long.parseLong(value);
                }
            }
        }
        return new Preferences(respondAsync, Optional.ofNullable(wait));
    }

    /** Whether the caller asked to wait for the outcome. */
    boolean waits() {
        return waitSeconds.isPresent() && waitSeconds.get() > 0;
    }
}
