package dev.asyncapi.webhooks.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** The allow-list of destination origins: exact {@code scheme://host[:port]}, or {@code scheme://*.domain[:port]}. */
public final class Origins {

    private Origins() {
    }

    /**
     * One allowed origin.
     *
     * @param scheme   {@code http} or {@code https}
     * @param host     the host, lower case, without the {@code *.} of a wildcard
     * @param port     the port (the scheme's default when not written)
     * @param wildcard whether any sub-domain of {@code host} matches (and not {@code host} itself)
     */
    public record Origin(String scheme, String host, int port, boolean wildcard) {

        boolean matches(URI url) {
            String urlHost = hostOf(url);
            if (!scheme.equals(url.getScheme().toLowerCase(Locale.ROOT)) || port != portOf(url)) {
                return false;
            }
            return wildcard ? urlHost.endsWith("." + host) : urlHost.equals(host);
        }

        @Override
        public String toString() {
            return scheme + "://" + (wildcard ? "*." : "") + host + ":" + port;
        }
    }

    /**
     * Parses an origin as a user writes it.
     *
     * @param text e.g. {@code https://hooks.example.com}, {@code https://*.example.com:8443}
     * @return the origin
     * @throws IllegalArgumentException if it is not an http(s) origin without path, query or user info
     */
    public static Origin parse(String text) {
        if (text == null) {
            throw new NullPointerException("origin cannot be null");
        }
        boolean wildcard = text.contains("://*.");
        String plain = wildcard ? text.replace("://*.", "://") : text;
        URI uri;
        try {
            uri = new URI(plain);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an origin: '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("an allowed origin must be scheme://host[:port] with scheme http or https,"
                    + " optionally scheme://*.domain, but was '" + text + "'");
        }
        return new Origin(scheme, hostOf(uri), portOf(uri), wildcard);
    }

    static boolean allows(List<Origin> origins, URI url) {
        return origins.stream().anyMatch(o -> o.matches(url));
    }

    /** The host, lower case, IPv6 literals without brackets. */
    static String hostOf(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int portOf(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
