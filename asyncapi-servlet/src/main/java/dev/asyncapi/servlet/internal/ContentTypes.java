package dev.asyncapi.servlet.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code Content-Type} and {@code Accept} from the raw header text, never through the container's
 * charset lookup: an unknown or malformed charset (which some containers answer with a 500 and a stack trace)
 * is simply not UTF-8 here.
 */
final class ContentTypes {

    static final String EVENT_STREAM = "text/event-stream";

    private ContentTypes() {
    }

    /** The media type without parameters, lower case; empty if there is none. */
    static Optional<String> mediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return media.isEmpty() ? Optional.empty() : Optional.of(media);
    }

    /** Whether a {@code Content-Type} is JSON ({@code application/json} or {@code +json}) in UTF-8. */
    static boolean isJsonUtf8(String contentType) {
        Optional<String> media = mediaType(contentType);
        if (media.isEmpty() || !(media.get().equals("application/json")
                || (media.get().startsWith("application/") && media.get().endsWith("+json")))) {
            return false;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).trim();
                if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                    charset = charset.substring(1, charset.length() - 1);
                }
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether an {@code Accept} header asks for {@code text/event-stream} (with a non-zero quality). */
    static boolean acceptsEventStream(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].trim().equalsIgnoreCase(EVENT_STREAM)) {
                continue;
            }
            boolean zeroQuality = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    zeroQuality = param.substring(2).trim().matches("0(\\.0{0,3})?");
                }
            }
            if (!zeroQuality) {
                return true;
            }
        }
        return false;
    }
}
