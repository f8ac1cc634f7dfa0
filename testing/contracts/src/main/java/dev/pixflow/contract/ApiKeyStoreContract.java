package dev.pixflow.contract;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ApiKeyStore} promises. A subclass per adapter supplies an empty store. */
public abstract class ApiKeyStoreContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ApiKey key(String id, String owner, boolean admin, String hash, int second) {
        return ApiKey.issued(id, owner, admin, hash, T0.plusSeconds(second), Optional.empty());
    }

    @Test
    void aKeyIsFoundByTheHashOfItsTokenOnly() {
        assertThat(stores.apiKeys().anyExist()).isFalse();
        ApiKey ana = key("key_a", "ana", false, "aa".repeat(32), 1);
        ApiKey ops = key("key_o", "ops", true, "bb".repeat(32), 2);
        stores.apiKeys().create(ana);
        stores.apiKeys().create(ops);

        assertThat(stores.apiKeys().anyExist()).isTrue();
        assertThat(stores.apiKeys().findByTokenHash("aa".repeat(32))).contains(ana);
        assertThat(stores.apiKeys().findByTokenHash("bb".repeat(32))).contains(ops);
        assertThat(stores.apiKeys().findByTokenHash("cc".repeat(32))).isEmpty();
        assertThat(stores.apiKeys().list()).containsExactly(ana, ops);
    }

    @Test
    void aRevokedKeyStaysListedAsRevokedAndKeysStillExist() {
        stores.apiKeys().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        Instant at = T0.plusSeconds(60);

        assertThat(stores.apiKeys().revoke("key_a", at)).isTrue();
        assertThat(stores.apiKeys().revoke("key_a", at.plusSeconds(1))).as("already revoked").isFalse();
        assertThat(stores.apiKeys().revoke("key_missing", at)).isFalse();

        ApiKey back = stores.apiKeys().findByTokenHash("aa".repeat(32)).orElseThrow();
        assertThat(back.revokedAt()).contains(at);
        assertThat(back.revoked()).isTrue();
        assertThat(back.activeAt(at)).isFalse();
        // Revoking every key must not put the server back into open mode.
        assertThat(stores.apiKeys().anyExist()).isTrue();
    }

    @Test
    void ofCallersRacingToMakeTheFirstKeyExactlyOneDoes() throws Exception {
        int racers = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(racers);
        java.util.List<java.util.concurrent.Future<Boolean>> made = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                ApiKey k = key("key_" + i, "racer" + i, true, "%064x".formatted(i + 1), i);
                made.add(pool.submit(() -> {
                    together.await();
                    return stores.apiKeys().createFirst(k);
                }));
            }
            long first = 0;
            for (var f : made) {
                first += f.get() ? 1 : 0;
            }
            assertThat(first).as("callers told theirs is the first key").isEqualTo(1);
        }
        assertThat(stores.apiKeys().list()).hasSize(1);
        assertThat(stores.apiKeys().createFirst(key("key_late", "late", true, "dd".repeat(32), 99))).isFalse();
        assertThat(stores.apiKeys().findByTokenHash("dd".repeat(32))).isEmpty();
    }

    @Test
    void theFirstKeyIsNotMadeWhenAKeyExists() {
        stores.apiKeys().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        assertThat(stores.apiKeys().createFirst(key("key_b", "ops", true, "bb".repeat(32), 2))).isFalse();
        assertThat(stores.apiKeys().list()).extracting(ApiKey::id).containsExactly("key_a");
    }

    @Test
    void twoKeysCannotShareATokenHash() {
        stores.apiKeys().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        assertThatThrownBy(() -> stores.apiKeys().create(key("key_b", "bo", true, "aa".repeat(32), 2)))
                .isInstanceOf(RuntimeException.class);
        assertThat(stores.apiKeys().findByTokenHash("aa".repeat(32))).hasValueSatisfying(k -> assertThat(k.owner()).isEqualTo("ana"));
    }

    @Test
    void anExpiryIsKeptAndTheKeyIsRefusedFromThenOn() {
        ApiKey ana = ApiKey.issued("key_a", "ana", false, "aa".repeat(32), T0, Optional.of(T0.plusSeconds(3600)));
        stores.apiKeys().create(ana);

        ApiKey back = stores.apiKeys().findByTokenHash("aa".repeat(32)).orElseThrow();
        assertThat(back).isEqualTo(ana);
        assertThat(back.activeAt(T0.plusSeconds(3599))).isTrue();
        assertThat(back.activeAt(T0.plusSeconds(3600))).isFalse();
        assertThat(stores.apiKeys().list()).containsExactly(ana);
    }

    /** Processes write a key's last use each on its own: the latest wins, whatever order they come in. */
    @Test
    void theLastUseOnlyMovesForward() {
        stores.apiKeys().create(key("key_a", "ana", false, "aa".repeat(32), 1));
        stores.apiKeys().create(key("key_b", "bo", false, "bb".repeat(32), 2));

        stores.apiKeys().recordUse("key_a", T0.plusSeconds(120));
        stores.apiKeys().recordUse("key_a", T0.plusSeconds(60));
        stores.apiKeys().recordUse("key_missing", T0.plusSeconds(60));

        assertThat(stores.apiKeys().findByTokenHash("aa".repeat(32)).orElseThrow().lastUsedAt()).contains(T0.plusSeconds(120));
        assertThat(stores.apiKeys().list()).extracting(ApiKey::lastUsedAt)
                .containsExactly(Optional.of(T0.plusSeconds(120)), Optional.empty());
        stores.apiKeys().recordUse("key_a", T0.plusSeconds(180));
        assertThat(stores.apiKeys().list().getFirst().lastUsedAt()).contains(T0.plusSeconds(180));
    }
}
