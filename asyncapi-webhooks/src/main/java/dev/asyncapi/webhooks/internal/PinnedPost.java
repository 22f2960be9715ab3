package dev.asyncapi.webhooks.internal;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 POST to addresses that were checked: the connection goes to one of those addresses, never to what
 * a second resolution of the host might return, so a name that re-resolves to a private address between the check
 * and the connection (DNS rebinding) is never reached. TLS verifies the certificate against the URL's host (SNI
 * and endpoint identification). Only the status line of the answer is read; redirects are never followed.
 */
final class PinnedPost {

    /** The longest status line read. */
    private static final int MAX_STATUS_LINE = 1024;

    private final Duration connectTimeout;
    private final Duration responseTimeout;

    PinnedPost(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /**
     * POSTs a body.
     *
     * @return the answer's status code
     * @throws IOException if no address could be connected to, TLS failed, or no answer came in time
     */
    int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body) throws IOException {
        String host = Origins.hostOf(url);
        int port = Origins.portOf(url);
        boolean https = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            } catch (IOException e) {
                socket.close();
                last = e;
                continue;
            }
            // bounds every read from here on, the TLS handshake's included
            socket.setSoTimeout((int) responseTimeout.toMillis());
            try (Socket connected = https ? tls(socket, host, port) : socket) {
                connected.setSoTimeout((int) responseTimeout.toMillis());
                OutputStream out = connected.getOutputStream();
                out.write(head(url, host, port, https, headers, body.length));
                out.write(body);
                out.flush();
                return readStatus(connected.getInputStream(), System.nanoTime() + responseTimeout.toNanos());
            } finally {
                socket.close();
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private static Socket tls(Socket socket, String host, int port) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS context", e);
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !Character.isDigit(host.charAt(host.length() - 1))) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] head(URI url, String host, int port, boolean https, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host)
                + (port == (https ? 443 : 80) ? "" : ":" + port);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: asyncapi-webhooks\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads {@code HTTP/1.x NNN ...} and returns NNN. */
    private static int readStatus(InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("no answer in time");
            }
            int c = in.read();
            if (c == -1) {
                throw new IOException("the receiver closed the connection without an answer");
            }
            if (c == '\n') {
                break;
            }
            if (line.length() >= MAX_STATUS_LINE) {
                throw new IOException("the receiver's status line is too long");
            }
            line.append((char) c);
        }
        String status = line.toString().strip();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("the receiver did not answer HTTP/1.x");
        }
        try {
            return Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("the receiver's status line has no status code");
        }
    }
}
