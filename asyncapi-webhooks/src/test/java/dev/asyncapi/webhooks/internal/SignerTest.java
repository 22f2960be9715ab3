package dev.asyncapi.webhooks.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SignerTest {

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        Signer signer = new Signer(Signer.decodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void refusesMalformedSecretsWithoutRepeatingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Signer.decodeSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .withMessage("the signing secret must start with whsec_");
        assertThatIllegalArgumentException().isThrownBy(() -> Signer.decodeSecret("whsec_not*base64!"))
                .withMessageNotContaining("not*base64");
        assertThatIllegalArgumentException().isThrownBy(() -> Signer.decodeSecret("whsec_c2hvcnQ="))
                .withMessageContaining("24 to 64 bytes, but held 5");
    }
}
