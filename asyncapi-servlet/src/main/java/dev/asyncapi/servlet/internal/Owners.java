package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.servlet.OwnerResolver;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names the owner a request acts for, and decides whether a job is visible to it. */
final class Owners {

    private static final System.Logger LOG = System.getLogger(Owners.class.getName());
    /** Stores bound owners to this many characters; a longer name is kept distinct by its digest. */
    private static final int MAX_OWNER_LENGTH = 256;

    private final OwnerResolver resolver;

    Owners(OwnerResolver resolver) {
        this.resolver = resolver;
    }

    /** The owner of a request; a resolver that fails or answers blank makes it {@link OwnerResolver#ANONYMOUS}. */
    String ownerOf(HttpServletRequest request) {
        String owner;
        try {
            owner = resolver.owner(request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the owner resolver failed; treating the request as anonymous", e);
            owner = null;
        }
        if (owner == null || owner.isBlank()) {
            return OwnerResolver.ANONYMOUS;
        }
        return owner.length() <= MAX_OWNER_LENGTH ? owner : "sha256:" + sha256(owner);
    }

    /** Whether a job belongs to an owner: another owner's job is treated as if it did not exist. */
    static boolean isVisibleTo(Job job, String owner) {
        return job.owner().orElse(OwnerResolver.ANONYMOUS).equals(owner);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
