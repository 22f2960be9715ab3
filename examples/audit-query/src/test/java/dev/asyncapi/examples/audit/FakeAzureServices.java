package dev.asyncapi.examples.audit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Local fakes of the REST wire protocols of Azure App Configuration ({@code GET /kv/{key}?label=}),
 * Key Vault secrets ({@code GET /secrets/{name}[/{version}]}, with the 401 bearer challenge the real
 * service sends first) and the Microsoft Entra token endpoint of the client-credentials grant
 * ({@code POST /{tenant}/oauth2/v2.0/token}), on one loopback port. The real SDK clients reach it through {@link LoopbackHttpClient}.
 */
final class FakeAzureServices implements AutoCloseable {

    static final String TOKEN = "fake-access-token";
    static final String KEY_VAULT_REFERENCE = "application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8";

    private final HttpServer server;
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeAzureServices() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/kv/", this::setting);
        server.createContext("/secrets/", this::secret);
        server.createContext("/", this::entraToken);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void putKeyVaultReference(String key, String label, String uri) {
        settings.put(key + "\u0000" + label, "{\"uri\":\"" + uri + "\"}");
        contentTypes.put(key + "\u0000" + label, KEY_VAULT_REFERENCE);
    }

    /** Stores a plain setting, without the Key Vault reference content type. */
    void putSetting(String key, String label, String value) {
        settings.put(key + "\u0000" + label, value);
        contentTypes.put(key + "\u0000" + label, "");
    }

    /** Stores a secret version; the last version put is the latest. */
    void putSecret(String name, String version, String value) {
        secrets.put(name + "/" + version, value);
        secrets.put(name, value);
    }

    /** Each request as {@code METHOD path?query [bearer]}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void setting(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!hasBearer(exchange)) {
            send(exchange, 401, "application/json", "{\"error\":{\"code\":\"Unauthorized\"}}", Map.of());
            return;
        }
        String key = decode(exchange.getRequestURI().getRawPath().substring("/kv/".length()));
        String label = query(exchange).getOrDefault("label", "\u0000");
        String value = settings.get(key + "\u0000" + label);
        if (value == null) {
            send(exchange, 404, "application/problem+json",
                    "{\"type\":\"https://azconfig.io/errors/key-not-found\",\"title\":\"Key not found\",\"status\":404}",
                    Map.of());
            return;
        }
        String body = "{\"etag\":\"e1\",\"key\":" + json(key) + ",\"label\":" + json(label)
                + ",\"content_type\":" + json(contentTypes.get(key + "\u0000" + label))
                + ",\"value\":" + json(value) + ",\"tags\":{},\"locked\":false,\"last_modified\":\"2021-08-10T00:00:00+00:00\"}";
        send(exchange, 200, "application/vnd.microsoft.appconfig.kv+json; charset=utf-8", body, Map.of());
    }

    private void secret(HttpExchange exchange) throws IOException {
        record(exchange);
        if (!hasBearer(exchange)) {
            // The challenge the real Key Vault answers an unauthenticated request with.
            send(exchange, 401, "application/json", "{\"error\":{\"code\":\"Unauthorized\"}}", Map.of("WWW-Authenticate",
                    "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", "
                            + "resource=\"https://vault.azure.net\""));
            return;
        }
        String rest = exchange.getRequestURI().getRawPath().substring("/secrets/".length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String value = secrets.get(decode(rest));
        if (value == null) {
            send(exchange, 404, "application/json", "{\"error\":{\"code\":\"SecretNotFound\",\"message\":\"A secret "
                    + "with (name/id) was not found in this key vault.\"}}", Map.of());
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String body = "{\"value\":" + json(value) + ",\"id\":" + json("https://" + host + "/secrets/" + rest)
                + ",\"attributes\":{\"enabled\":true,\"created\":1628553600,\"updated\":1628553600,"
                + "\"recoveryLevel\":\"Recoverable+Purgeable\"}}";
        send(exchange, 200, "application/json; charset=utf-8", body, Map.of());
    }

    private void entraToken(HttpExchange exchange) throws IOException {
        record(exchange);
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/oauth2/v2.0/token")) {
            send(exchange, 404, "application/json", "{\"error\":\"not_found\"}", Map.of());
            return;
        }
        send(exchange, 200, "application/json", "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
                + "\"ext_expires_in\":3599,\"access_token\":\"" + TOKEN + "\"}", Map.of());
    }

    private void record(HttpExchange exchange) {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + (hasBearer(exchange) ? " [bearer]" : ""));
    }

    private static boolean hasBearer(HttpExchange exchange) {
        return ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body,
                             Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
