package dev.pixflow.contract;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ApiKeyStore} promises. A subclass per adapter supplies an empty store. */
public abstract class ApiKeyStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** An empty store, new for this test. */
    protected abstract ApiKeyStore store();

    private static ApiKey key(String id, String owner, boolean admin, String hash, int second) {
        return new ApiKey(id, owner, admin, hash, T0.plusSeconds(second), Optional.empty());
    }

    @Test
    void aKeyIsFoundByTheHashOfItsTokenOnly() {
        assertThat(store().anyExist()).isFalse();
        ApiKey ana = key("key_a", "ana", false, "aa".repeat(32), 1);
        ApiKey ops = key("key_o", "ops", true, "bb".repeat(32), 2);
        store().create(ana);
        store().create(ops);

        assertThat(store().anyExist()).isTrue();
        assertThat(store().findByTokenHash("aa".repeat(32))).contains(ana);
        assertThat(store().findByTokenHash("bb".repeat(32))).contains(ops);
        assertThat(store().findByTokenHash("cc".repeat(32))).isEmpty();
        assertThat(store().list()).containsExactly(ana, ops);
    }

    @Test
    void aRevokedKeyStaysListedAsRevokedAndKeysStillExist() {
        store().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        Instant at = T0.plusSeconds(60);

        assertThat(store().revoke("key_a", at)).isTrue();
        assertThat(store().revoke("key_a", at.plusSeconds(1))).as("already revoked").isFalse();
        assertThat(store().revoke("key_missing", at)).isFalse();

        ApiKey back = store().findByTokenHash("aa".repeat(32)).orElseThrow();
        assertThat(back.revokedAt()).contains(at);
        assertThat(back.active()).isFalse();
        // Revoking every key must not put the server back into open mode.
        assertThat(store().anyExist()).isTrue();
    }

    @Test
    void twoKeysCannotShareATokenHash() {
        store().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        assertThatThrownBy(() -> store().create(key("key_b", "bo", true, "aa".repeat(32), 2)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store().findByTokenHash("aa".repeat(32))).hasValueSatisfying(k -> assertThat(k.owner()).isEqualTo("ana"));
    }
}
