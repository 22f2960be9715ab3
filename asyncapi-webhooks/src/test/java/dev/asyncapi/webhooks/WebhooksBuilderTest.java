package dev.asyncapi.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WebhooksBuilderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Webhooks.Builder minimal() {
        return Webhooks.builder().signingSecret(SECRET).allowOrigin("https://hooks.example.com")
                .statusUrl("https://api.example.com/jobs/{id}");
    }

    @Test
    void requiresSecretOriginAndStatusUrl() {
        assertThatIllegalStateException().isThrownBy(() -> Webhooks.builder().build()).withMessage("set the signingSecret");
        assertThatIllegalStateException().isThrownBy(() -> Webhooks.builder().signingSecret(SECRET).build())
                .withMessageContaining("allowOrigin");
        assertThatIllegalStateException().isThrownBy(() -> Webhooks.builder().signingSecret(SECRET)
                .allowOrigin("https://hooks.example.com").build()).withMessageContaining("statusUrl");
        assertThat(minimal().build()).isNotNull();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(minimal().build().toString()).doesNotContain("MfKQ9r8").contains("hooks.example.com");
        assertThatIllegalStateException().isThrownBy(() -> minimal().signingSecret(SECRET))
                .withMessage("signingSecret was already set");
    }

    @Test
    void refusesMalformedOriginsAndHttpOriginsWithoutAllowHttp() {
        assertThatIllegalArgumentException().isThrownBy(() -> Webhooks.builder().allowOrigin("https://a.example.com/path"))
                .withMessageContaining("'https://a.example.com/path'");
        assertThatIllegalArgumentException().isThrownBy(() -> Webhooks.builder().allowOrigin("ftp://a.example.com"));
        assertThatIllegalStateException().isThrownBy(() -> minimal().allowOrigin("http://b.example.com").build())
                .withMessageContaining("allowHttp()");
    }

    @Test
    void checksRangesAndCombinations() {
        assertThatIllegalArgumentException().isThrownBy(() -> Webhooks.builder().retryFor(Duration.ZERO))
                .withMessageContaining("retryFor must be");
        assertThatIllegalArgumentException().isThrownBy(() -> Webhooks.builder().statusUrl("https://api.example.com/jobs"))
                .withMessageContaining("{id}");
        assertThatIllegalStateException().isThrownBy(() -> minimal().initialBackoff(Duration.ofSeconds(10))
                .maxBackoff(Duration.ofSeconds(1)).build()).withMessageContaining("maxBackoff");
        assertThatIllegalStateException().isThrownBy(() -> minimal().handoffDelay(Duration.ofSeconds(1)).build())
                .withMessageContaining("handoffDelay");
        assertThatIllegalStateException().isThrownBy(() -> minimal().concurrency(2).concurrency(3))
                .withMessage("concurrency was already set to 2");
    }
}
