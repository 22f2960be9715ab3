package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.servlet.ProblemType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Jetty answers before (or instead of) the app: each is written byte for byte on a socket, since the JDK
 * HttpClient would normalise the path or refuse the request, and must come back as {@code application/problem+json}
 * without HTML and without a {@code Server} header.
 */
class JettyRejectionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private static AuditQueryServer app;

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // No request here reaches a job, so the audit table is never contacted: a closed loopback port will do.
        String table = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT_NAME + ";AccountKey="
                + AzuriteServer.ACCOUNT_KEY + ";TableEndpoint=http://127.0.0.1:" + closedPort + "/"
                + AzuriteServer.ACCOUNT_NAME + ";";
        app = AuditQueryServer.start(AppOptions.parse("--port=0"), table, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /api/status/%2e%2e/x     | 400 | invalid-request",
            "GET    | /%2e%2e/                 | 400 | invalid-request",
            "GET    | /api/status/a%2Fb        | 400 | invalid-request",
            "GET    | /api/submit%2Fquery      | 400 | invalid-request",
            "GET    | /no/such/path            | 404 | not-found",
            "DELETE | /no/such/path            | 405 | method-not-allowed"})
    void answersAnUnservableRequestLineWithAProblem(String method, String path, int status, String type)
            throws IOException {
        RawResponse r = send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(r, status, type);
    }

    @Test
    void answersARequestLineTooLongWith414Problem() throws IOException {
        String path = "/api/status/" + "a".repeat(16 * 1024);

        RawResponse r = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(r, 414, "uri-too-long");
    }

    @Test
    void answersHeadersTooLargeWith431Problem() throws IOException {
        String big = "X-Padding: " + "a".repeat(16 * 1024) + "\r\n";

        RawResponse r = send("GET /api/status/x HTTP/1.1\r\nHost: localhost\r\n" + big + "Connection: close\r\n\r\n");

        assertProblem(r, 431, "request-header-fields-too-large");
    }

    @Test
    void theAppsOwnAnswersCarryNoServerHeaderEither() throws IOException {
        RawResponse r = send("GET /api/status/00000000000000000000000000000000 HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(r.status).isEqualTo(404);
        assertThat(JSON.readTree(r.body)).isEqualTo(JSON.createObjectNode().put("error", "Job not found"));
        assertThat(r.header("Server")).isEmpty();
        assertThat(r.header("X-Powered-By")).isEmpty();
    }

    private static void assertProblem(RawResponse r, int status, String typeSlug) throws IOException {
        assertThat(r.status).as("status line: %s", r.statusLine).isEqualTo(status);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.header("Server")).isEmpty();
        assertThat(r.header("X-Powered-By")).isEmpty();
        assertThat(r.body).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("jetty")
                .doesNotContain("org.eclipse").doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode problem = JSON.readTree(r.body);
        assertThat(problem.path("status").isInt()).isTrue();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo(ProblemType.BASE_URI + typeSlug);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    /** Writes the request as given and reads the answer up to the end of its body or the connection. */
    private static RawResponse send(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.baseUri().getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // Jetty may answer and close before it has read an oversized request; the answer is still there.
            }
            return RawResponse.read(socket.getInputStream());
        }
    }

    private record RawResponse(String statusLine, int status, List<String> headers, String body) {

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            List<String> headers = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                headers.add(line);
            }
            RawResponse head = new RawResponse(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers, "");
            assertThat(head.header("Transfer-Encoding")).as("error answers have a known length").isEmpty();
            int length = Integer.parseInt(head.header("Content-Length").orElse("0"));
            return new RawResponse(statusLine, head.status, headers,
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-line after: " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
