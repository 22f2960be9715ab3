package dev.asyncapi.webhooks.internal;

import dev.asyncapi.webhooks.AddressResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The destination rules. Every address comes from a resolver hook that maps names to literals, so no name is
 * looked up and nothing is sent.
 */
class DestinationsTest {

    private static Destinations destinations(AddressResolver resolver, boolean allowHttp, boolean allowLoopback,
                                             String... origins) {
        return new Destinations(new DeliverySettings(new byte[24], List.of(origins).stream().map(Origins::parse).toList(),
                allowHttp, allowLoopback, resolver, "https://api.example.com/jobs/{id}", false, Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 1, 10, Clock.systemUTC()));
    }

    /** Resolves the names of the map to literal addresses (parsed, never looked up). */
    private static AddressResolver names(Map<String, String> addresses) {
        return host -> {
            String literal = addresses.get(host);
            if (literal == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(literal));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "224.0.0.1", "::1", "fd00:ec2::254", "fe80::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe", "2002:a00:1::1"})
    void refusesANameThatResolvesToAnInternalAddress(String literal) {
        Destinations check = destinations(names(Map.of("hooks.example.com", literal)), false, false,
                "https://hooks.example.com");

        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("https://hooks.example.com/x")))
                .withMessageStartingWith("the destination's host resolves to a");
    }

    @Test
    void refusesWhenAnyOfSeveralAddressesIsInternal() {
        AddressResolver twoAddresses = host -> List.of(InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("10.0.0.7"));
        Destinations check = destinations(twoAddresses, false, false, "https://hooks.example.com");

        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("https://hooks.example.com/x")))
                .withMessage("the destination's host resolves to a private address");
    }

    @Test
    void acceptsAPublicAddressOfAnAllowedOriginAndReturnsWhatWasChecked() {
        Destinations check = destinations(names(Map.of("hooks.example.com", "93.184.215.14")), false, false,
                "https://hooks.example.com");

        assertThat(check.check(URI.create("https://hooks.example.com/done?t=1")))
                .extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    }

    @Test
    void refusesOriginsOffTheAllowListIncludingOtherPortsAndSchemes() {
        Destinations check = destinations(names(Map.of("hooks.example.com", "93.184.215.14",
                "evil.example.net", "93.184.215.15")), true, false, "https://hooks.example.com");

        for (String url : List.of("https://evil.example.net/x", "https://hooks.example.com:8443/x",
                "http://hooks.example.com/x", "https://sub.hooks.example.com/x")) {
            assertThatIllegalArgumentException().as(url).isThrownBy(() -> check.check(URI.create(url)))
                    .withMessage("the destination's origin is not on this service's allow-list");
        }
    }

    @Test
    void aWildcardOriginAllowsSubDomainsOnly() {
        Destinations check = destinations(names(Map.of("a.example.com", "93.184.215.14", "example.com", "93.184.215.14")),
                false, false, "https://*.example.com");

        assertThat(check.check(URI.create("https://a.example.com/x"))).hasSize(1);
        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("https://example.com/x")));
    }

    @Test
    void refusesHttpUnlessAllowed() {
        Destinations check = destinations(names(Map.of("hooks.example.com", "93.184.215.14")), false, false,
                "https://hooks.example.com");

        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("http://hooks.example.com/x")))
                .withMessage("only https destinations are accepted");
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        Destinations check = destinations(names(Map.of()), false, false, "https://hooks.example.com");

        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("https://hooks.example.com/x")))
                .withMessage("the destination's host does not resolve");
    }

    @Test
    void allowLoopbackAcceptsLoopbackButStillRefusesPrivateAndMetadataAddresses() {
        Destinations check = destinations(names(Map.of("local.test", "127.0.0.1", "meta.test", "169.254.169.254",
                "lan.test", "192.168.0.10")), true, true, "http://local.test:8080", "http://meta.test",
                "http://lan.test");

        assertThat(check.check(URI.create("http://local.test:8080/x"))).hasSize(1);
        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("http://meta.test/latest")))
                .withMessage("the destination's host resolves to a link-local or metadata address");
        assertThatIllegalArgumentException().isThrownBy(() -> check.check(URI.create("http://lan.test/x")))
                .withMessage("the destination's host resolves to a private address");
    }
}
