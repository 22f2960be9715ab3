package dev.asyncapi.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where clients reach this web application: the configured public base URI, or the request's scheme, host and
 * context path (with the forwarded proto, host and prefix when the proxy is trusted). Absolute URIs in answers
 * start with it.
 */
final class RequestOrigin {

    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*");

    private final Optional<String> publicBase;
    private final boolean trustForwardedHeaders;

    RequestOrigin(Optional<URI> publicBaseUri, boolean trustForwardedHeaders) {
        this.publicBase = publicBaseUri.map(URI::toString);
        this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /** The absolute URI of the context root, without a trailing slash. */
    String of(HttpServletRequest request) {
        if (publicBase.isPresent()) {
            return publicBase.get();
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = null;
        String prefix = "";
        if (trustForwardedHeaders) {
            Forwarded forwarded = Forwarded.parse(request.getHeader("Forwarded"));
            String proto = forwarded.proto().orElseGet(() -> firstValue(request.getHeader("X-Forwarded-Proto")));
            host = forwarded.host().orElseGet(() -> firstValue(request.getHeader("X-Forwarded-Host")));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (host != null && !HOST.matcher(host).matches()) {
                host = null;
            }
            prefix = forwardedPrefix(request.getHeader("X-Forwarded-Prefix"));
        }
        if (host == null) {
            host = serverAuthority(request, scheme);
        }
        return scheme + "://" + host + prefix + request.getContextPath();
    }

    private static String forwardedPrefix(String header) {
        String value = firstValue(header);
        if (value == null || value.equals("/")) {
            return "";
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        boolean dotSegments = trimmed.contains("/../") || trimmed.endsWith("/..") || trimmed.contains("/./")
                || trimmed.endsWith("/.");
        return PREFIX.matcher(trimmed).matches() && !dotSegments ? trimmed : "";
    }

    private static String serverAuthority(HttpServletRequest request, String scheme) {
        String name = request.getServerName();
        if (name != null && name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
        String authority = defaultPort ? name : name + ":" + port;
        if (authority == null || !HOST.matcher(authority).matches()) {
            authority = "localhost" + (defaultPort ? "" : ":" + port);
        }
        return authority;
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String first = (comma < 0 ? header : header.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }

    /** The first element of an RFC 7239 {@code Forwarded} header: the proxy nearest the client. */
    record Forwarded(Optional<String> proto, Optional<String> host) {
        static Forwarded parse(String header) {
            if (header == null) {
                return new Forwarded(Optional.empty(), Optional.empty());
            }
            String first = header.split(",", 2)[0];
            String proto = null;
            String host = null;
            for (String pair : first.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.equals("proto")) {
                    proto = value;
                } else if (name.equals("host")) {
                    host = value;
                }
            }
            return new Forwarded(Optional.ofNullable(proto), Optional.ofNullable(host));
        }
    }
}
