package dev.pixflow.app.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values that would start a server that misbehaves later (every upload refused, every job handed to every
 * worker, a negative wait) stop the start instead, naming the setting.
 */
class SettingsChecksTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "pixflow.upload.max-bytes, 0", "pixflow.upload.max-bytes, -1MB", "pixflow.upload.max-pixels, 0",
            "pixflow.worker.concurrency, -1", "pixflow.worker.shutdown-grace, -1s", "pixflow.worker.idle-poll, 0s",
            "pixflow.queue.lease, 0s", "pixflow.queue.max-attempts, 0",
            "pixflow.delivery.render-slots, -1", "pixflow.delivery.render-wait, -1s", "pixflow.delivery.listener-threads, -2",
            "pixflow.delivery.signed-url-ttl, 0s",
    })
    void aHarmfulValueIsRefusedWithItsName(String name, String value) {
        MockEnvironment env = new MockEnvironment().withProperty(name, value);
        assertThatThrownBy(() -> Binder.get(env).bindOrCreate("pixflow", PixflowProperties.class))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining(name);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"pixflow.health.timeout, 0s", "pixflow.health.timeout, -2s"})
    void aHealthCheckHasTimeToAnswer(String name, String value) {
        MockEnvironment env = new MockEnvironment().withProperty(name, value);
        assertThatThrownBy(() -> Binder.get(env).bindOrCreate("pixflow.health", dev.pixflow.app.health.HealthProperties.class))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining(name);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"pixflow.multipart.expiry, 0s", "pixflow.multipart.expiry, -1h", "pixflow.multipart.presign-lifetime, 0s",
            "pixflow.multipart.reap-batch, 0"})
    void aMultipartUploadHasTimeToHappen(String name, String value) {
        MockEnvironment env = new MockEnvironment().withProperty(name, value);
        assertThatThrownBy(() -> Binder.get(env).bindOrCreate("pixflow.multipart", dev.pixflow.app.multipart.MultipartProperties.class))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining(name);
    }

    /** A sign-in setting that would leave every token refused for good (a 503 that looks like an outage). */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"pixflow.auth.oidc.issuer-uri, not-a-url", "pixflow.auth.oidc.issuer-uri, ftp://idp.example",
            "pixflow.auth.oidc.owner-claim, ''", "pixflow.auth.oidc.roles-claim, ''"})
    void aSignInThatCouldNeverWorkIsRefused(String name, String value) {
        MockEnvironment env = new MockEnvironment().withProperty("pixflow.auth.oidc.issuer-uri", "https://idp.example")
                .withProperty("pixflow.auth.oidc.audience", "pixflow").withProperty(name, value);
        assertThatThrownBy(() -> Binder.get(env).bindOrCreate("pixflow.auth.oidc", dev.pixflow.app.security.OidcProperties.class))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining(name.substring(name.lastIndexOf('.') + 1));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"pixflow.security.limits.uploads-per-minute, -3", "pixflow.security.limits.bytes-per-minute, -1MB",
            "pixflow.security.limits.stored-bytes, -1B"})
    void aNegativeLimitIsRefusedRatherThanTurnedOff(String name, String value) {
        MockEnvironment env = new MockEnvironment().withProperty(name, value);
        assertThatThrownBy(() -> Binder.get(env).bindOrCreate("pixflow.security", dev.pixflow.app.security.SecurityProperties.class))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining(name.substring(name.lastIndexOf('.') + 1));
    }
}
