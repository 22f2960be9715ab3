package dev.asyncapi.webhooks.internal;

import dev.asyncapi.core.JobCallback;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a callback URL may be reached, and to which addresses: the scheme, the allow-list of origins,
 * then every address the host resolves to. Run at submit and again right before each attempt, whose connection goes
 * only to the addresses this check returned.
 */
public final class Destinations {

    private final DeliverySettings settings;

    /**
     * Creates the check.
     *
     * @param settings the deliverer's settings
     */
    public Destinations(DeliverySettings settings) {
        this.settings = settings;
    }

    /**
     * Checks a destination and resolves it.
     *
     * @param url the callback URL
     * @return the addresses a delivery may connect to, not empty
     * @throws IllegalArgumentException if the destination is refused; the message says why, for the caller
     */
    public List<InetAddress> check(URI url) {
        JobCallback.checkUrl(url);
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !settings.allowHttp()) {
            throw new IllegalArgumentException("only https destinations are accepted");
        }
        if (!Origins.allows(settings.origins(), url)) {
            throw new IllegalArgumentException("the destination's origin is not on this service's allow-list");
        }
        String host = Origins.hostOf(url);
        List<InetAddress> addresses;
        try {
            addresses = settings.resolver().resolve(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the destination's host does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("the destination's host does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressRules.refusal(address, settings.allowLoopback());
            if (refusal.isPresent()) {
                throw new IllegalArgumentException("the destination's host resolves to " + refusal.get());
            }
        }
        return List.copyOf(addresses);
    }
}
