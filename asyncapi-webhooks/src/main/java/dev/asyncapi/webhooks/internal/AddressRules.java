package dev.asyncapi.webhooks.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a webhook may never reach: loopback, unspecified, private (RFC 1918, unique-local), shared
 * (carrier-grade NAT), link-local (which holds the cloud metadata address 169.254.169.254), multicast, broadcast,
 * reserved and documentation ranges; IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * judged by the address they embed.
 */
final class AddressRules {

    private AddressRules() {
    }

    /**
     * Why an address is refused.
     *
     * @param address       the resolved address
     * @param allowLoopback whether loopback is accepted
     * @return the reason, or empty if the address may be reached
     */
    static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedV4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get(), allowLoopback);
            }
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local or metadata address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] a = address.getAddress();
        if (a.length == 4) {
            int b0 = a[0] & 0xff;
            int b1 = a[1] & 0xff;
            int b2 = a[2] & 0xff;
            if (b0 == 0 || b0 >= 240) {
                return Optional.of("a reserved address");
            }
            if (b0 == 100 && (b1 & 0xc0) == 64) {
                return Optional.of("a shared (carrier-grade NAT) address");
            }
            if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2) || b0 == 198 && (b1 == 18 || b1 == 19)
                    || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113) {
                return Optional.of("a reserved address");
            }
            return Optional.empty();
        }
        int first = a[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a private (unique-local) address");
        }
        if (first == 0x20 && (a[1] & 0xff) == 0x01 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8) {
            return Optional.of("a documentation address");
        }
        if (first == 0) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d, 2002:aabb:ccdd::. */
    private static Optional<Inet4Address> embeddedV4(byte[] a) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= a[i] == 0;
        }
        boolean mapped = zeros80 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && a[10] == 0 && a[11] == 0 && !(a[12] == 0 && a[13] == 0 && a[14] == 0);
        boolean nat64 = (a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff
                && (a[3] & 0xff) == 0x9b;
        if (mapped || compatible || nat64) {
            return Optional.of(v4(a[12], a[13], a[14], a[15]));
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return Optional.of(v4(a[2], a[3], a[4], a[5]));
        }
        return Optional.empty();
    }

    private static Inet4Address v4(byte b0, byte b1, byte b2, byte b3) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b0, b1, b2, b3});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
