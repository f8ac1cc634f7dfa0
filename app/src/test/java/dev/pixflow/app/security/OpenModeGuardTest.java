package dev.pixflow.app.security;

import dev.pixflow.adapter.jdbc.JdbcApiKeyStore;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Once the last admin key is revoked (the server never reopens), the start says how to get back in. */
@ExtendWith(OutputCaptureExtension.class)
class OpenModeGuardTest {
    private static final String NO_ADMIN = "no API key is an active admin's";

    @Test
    void aServerWithKeysButNoActiveAdminKeySaysHowToMakeOne(@TempDir Path dir, CapturedOutput output) throws Exception {
        try (SqlDatabase db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2)) {
            ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(db), Clock.systemUTC());
            OpenModeGuard guard = new OpenModeGuard(keys, new SecurityProperties(false,
                    new SecurityProperties.Limits(120, DataSize.ofGigabytes(2), DataSize.ofBytes(0))),
                    new OidcProperties("", "", "sub", "", "", "roles", Duration.ofSeconds(60), "", "openid"),
                    new MockEnvironment().withProperty("server.address", "127.0.0.1"));
            String admin = keys.issue("ops", true).key().id();
            keys.issue("ana", false);

            guard.afterSingletonsInstantiated();
            assertThat(output.getOut()).contains("API keys exist").doesNotContain(NO_ADMIN);

            keys.revoke(admin);
            guard.afterSingletonsInstantiated();
            assertThat(output.getOut()).contains(NO_ADMIN).contains("./pixflow keys create --owner NAME --admin");
        }
    }
}
