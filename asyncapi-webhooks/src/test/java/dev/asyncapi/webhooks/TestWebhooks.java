package dev.asyncapi.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** Webhooks settings for tests: loopback receivers reached by the name {@value #HOST}, short waits. */
final class TestWebhooks {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** A name no DNS knows: the resolver hook maps it to 127.0.0.1, so the pinned address is what is connected to. */
    static final String HOST = "receiver.test";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private TestWebhooks() {
    }

    /** Resolves {@value #HOST} to loopback and {@code private.test} to 10.0.0.5; nothing else resolves. */
    static List<InetAddress> resolve(String host) throws UnknownHostException {
        return switch (host) {
            case HOST -> List.of(InetAddress.getByName("127.0.0.1"));
            case "private.test" -> List.of(InetAddress.getByName("10.0.0.5"));
            case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
            default -> throw new UnknownHostException(host);
        };
    }

    /** Short waits: 100 ms polls, backoff 200 ms to 2 s, timeouts 1 s and 2 s, a 3 s handoff. */
    static Webhooks.Builder builder(int port) {
        return base(port).responseTimeout(Duration.ofSeconds(2)).handoffDelay(Duration.ofSeconds(3));
    }

    /** As {@link #builder}, without the response timeout and the handoff delay. */
    static Webhooks.Builder base(int port) {
        return Webhooks.builder().signingSecret(SECRET).allowHttp().allowLoopback()
                .allowOrigin("http://" + HOST + ":" + port).allowOrigin("http://private.test:" + port)
                .allowOrigin("http://metadata.test").resolver(TestWebhooks::resolve)
                .statusUrl("https://api.example.com/jobs/{id}")
                .pollInterval(Duration.ofMillis(100)).initialBackoff(Duration.ofMillis(200))
                .maxBackoff(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(1));
    }

    static URI callback(int port, String path) {
        return URI.create("http://" + HOST + ":" + port + path);
    }
}
