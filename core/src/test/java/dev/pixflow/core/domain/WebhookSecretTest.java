package dev.pixflow.core.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretTest {

    /** The Standard Webhooks specification's published test vector: what lets its libraries verify us. */
    @Test
    void signsLikeTheStandardWebhooksTestVector() {
        WebhookSecret secret = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        assertThat(secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAreFreshThirtyTwoByteKeysThatNeverPrint() {
        WebhookSecret a = WebhookSecret.generate();
        WebhookSecret b = WebhookSecret.generate();

        assertThat(a.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.value().substring(6))).hasSize(32);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).doesNotContain(a.value().substring(6));
        assertThatThrownBy(() -> new WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isInstanceOf(IllegalArgumentException.class);
    }
}
