package dev.asyncapi.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a destination's host name to the addresses a delivery may connect to. Every address is checked
 * against the refused ranges (loopback, private, link-local, metadata...) and a delivery connects only to an
 * address that passed, so what was checked is what is connected to. Default: {@link #system()}.
 *
 * <p>Tests use it to map a name to a private address without sending a packet. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface AddressResolver {

    /**
     * Resolves a host.
     *
     * @param host a host name or an IP literal (IPv6 without brackets)
     * @return its addresses, not empty
     * @throws UnknownHostException if the host does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The platform's resolver, {@link InetAddress#getAllByName}.
     *
     * @return the system resolver
     */
    static AddressResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
