package dev.asyncapi.webhooks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on embedded Jetty, bound to 127.0.0.1 only: records every request it gets and answers with
 * the status its policy gives for the n-th request (0-based).
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Delivery(String webhookId, String timestamp, String signature, String body, Instant receivedAt) {

        /**
         * Verifies the signature as a Standard Webhooks receiver does, written out here independently of the
         * sender's code: HMAC-SHA256 over {@code id.timestamp.body} with the base64-decoded secret.
         */
        boolean verifies(String whsecSecret) {
            try {
                byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] expected = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String candidate : signature.split(" ")) {
                    if (candidate.startsWith("v1,") && java.security.MessageDigest.isEqual(expected,
                            Base64.getDecoder().decode(candidate.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Server server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile IntUnaryOperator policy;

    private Receiver(IntUnaryOperator policy, int port) {
        this.policy = policy;
        this.server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int n;
                synchronized (deliveries) {
                    n = deliveries.size();
                    deliveries.add(new Delivery(req.getHeader("webhook-id"), req.getHeader("webhook-timestamp"),
                            req.getHeader("webhook-signature"), body, Instant.now()));
                }
                resp.setStatus(Receiver.this.policy.applyAsInt(n));
            }
        }), "/*");
        server.setHandler(context);
    }

    /** A receiver answering every request with {@code policy.applyAsInt(n)}. */
    static Receiver start(IntUnaryOperator policy) {
        return start(policy, 0);
    }

    /** A receiver on a given loopback port (0: any free one). */
    static Receiver start(IntUnaryOperator policy, int port) {
        Receiver receiver = new Receiver(policy, port);
        try {
            receiver.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the receiver", e);
        }
        return receiver;
    }

    /** A receiver answering 204 to everything. */
    static Receiver accepting() {
        return start(n -> 204);
    }

    void answer(IntUnaryOperator next) {
        this.policy = next;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<Delivery> deliveriesOf(String jobId) {
        return deliveries.stream().filter(d -> ("msg_" + jobId).equals(d.webhookId())).toList();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
