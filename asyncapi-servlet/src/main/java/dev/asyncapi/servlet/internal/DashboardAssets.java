package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RouteResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's page, script and style sheet: hand-written files in this jar, read once, served with a
 * strict Content-Security-Policy (own scripts and styles only, no inline script, no framing), {@code nosniff},
 * and an {@code ETag} so a browser revalidates instead of downloading again. Nothing is loaded from elsewhere.
 */
final class DashboardAssets {

    /** Sent with every dashboard answer, data included: nothing but this origin's own files may run or load. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html;charset=utf-8",
            "dashboard.js", "text/javascript;charset=utf-8",
            "dashboard.css", "text/css;charset=utf-8");

    private final Map<String, Asset> assets;

    private record Asset(String contentType, byte[] bytes, String etag) {
    }

    DashboardAssets() {
        Map<String, Asset> loaded = new HashMap<>();
        TYPES.forEach((name, type) -> {
            byte[] bytes = read(name);
            loaded.put(name, new Asset(type, bytes, etag(bytes)));
        });
        this.assets = Map.copyOf(loaded);
    }

    /**
     * The answer for an asset, or empty if there is no such asset.
     *
     * @param ifNoneMatch the request's {@code If-None-Match}, or null
     */
    Optional<RouteResponse> answer(String name, String ifNoneMatch) {
        Asset asset = assets.get(name);
        if (asset == null) {
            return Optional.empty();
        }
        RouteResponse response = ifNoneMatch != null && ifNoneMatch.contains(asset.etag())
                ? RouteResponse.of(304) : RouteResponse.of(200).withBody(asset.contentType(), asset.bytes());
        return Optional.of(secured(response.withHeader("ETag", asset.etag())
                .withHeader("Cache-Control", "private, no-cache")));
    }

    /** Adds the headers every dashboard answer carries. */
    static RouteResponse secured(RouteResponse response) {
        return response.withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard asset " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
