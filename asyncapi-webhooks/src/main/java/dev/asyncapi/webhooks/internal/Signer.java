package dev.asyncapi.webhooks.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key
 * being the base64 after {@code whsec_} in the secret. Receivers verify with the Standard Webhooks libraries.
 */
public final class Signer {

    /** The prefix of a Standard Webhooks secret. */
    public static final String SECRET_PREFIX = "whsec_";

    private final SecretKeySpec key;

    /**
     * Creates a signer.
     *
     * @param secret the decoded key
     */
    public Signer(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /**
     * Decodes a {@code whsec_} secret.
     *
     * @param secret {@code whsec_} + base64 of 24 to 64 bytes
     * @return the key bytes
     * @throws IllegalArgumentException if malformed; the message never holds the secret
     */
    public static byte[] decodeSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("the signing secret must start with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing secret must be " + SECRET_PREFIX + " followed by base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("the signing secret must hold 24 to 64 bytes, but held " + key.length);
        }
        return key;
    }

    /**
     * Signs one message.
     *
     * @param id        the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp}, in seconds since the epoch
     * @param body      the exact body bytes
     * @return the {@code webhook-signature} header value
     */
    public String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
