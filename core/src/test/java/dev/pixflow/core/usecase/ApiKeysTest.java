package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.ApiKeyStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issuing keys keeps only the token's hash; a token authenticates until its key is revoked. */
class ApiKeysTest {
    private final List<ApiKey> stored = new ArrayList<>();
    private final ApiKeyStore store = new ApiKeyStore() {
        @Override
        public void create(ApiKey key) {
            stored.add(key);
        }

        @Override
        public Optional<ApiKey> findByTokenHash(String hash) {
            return stored.stream().filter(k -> k.tokenSha256().equals(hash)).findFirst();
        }

        @Override
        public List<ApiKey> list() {
            return List.copyOf(stored);
        }

        @Override
        public boolean revoke(String id, Instant at) {
            for (int i = 0; i < stored.size(); i++) {
                ApiKey k = stored.get(i);
                if (k.id().equals(id) && k.active()) {
                    stored.set(i, new ApiKey(k.id(), k.owner(), k.admin(), k.tokenSha256(), k.createdAt(), Optional.of(at)));
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean anyExist() {
            return !stored.isEmpty();
        }
    };
    private final ApiKeys keys = new ApiKeys(store, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aTokenIs256RandomBitsAndOnlyItsHashIsStored() {
        assertThat(keys.noneIssued()).isTrue();
        ApiKeys.Issued issued = keys.issue("ana", false);
        ApiKeys.Issued other = keys.issue("ana", false);

        assertThat(issued.token()).startsWith(ApiKeys.TOKEN_PREFIX).isNotEqualTo(other.token());
        assertThat(Base64.getUrlDecoder().decode(issued.token().substring(ApiKeys.TOKEN_PREFIX.length()))).hasSize(32);
        assertThat(stored.getFirst().tokenSha256()).isEqualTo(ApiKeys.sha256(issued.token())).hasSize(64);
        assertThat(stored.getFirst().toString()).doesNotContain(issued.token().substring(ApiKeys.TOKEN_PREFIX.length()));
        assertThat(keys.noneIssued()).isFalse();
    }

    @Test
    void aTokenAuthenticatesItsOwnerUntilRevoked() {
        ApiKeys.Issued ops = keys.issue("ops", true);
        assertThat(keys.authenticate(ops.token())).hasValueSatisfying(k -> {
            assertThat(k.caller().owner()).isEqualTo("ops");
            assertThat(k.caller().admin()).isTrue();
        });
        assertThat(keys.authenticate(ops.token() + "x")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();

        assertThat(keys.revoke(ops.key().id())).isTrue();
        assertThat(keys.authenticate(ops.token())).isEmpty();
        assertThat(keys.noneIssued()).as("a revoked key still counts: the server never reopens").isFalse();
    }

    @Test
    void anOwnerNameIsChecked() {
        assertThatThrownBy(() -> keys.issue("ana smith", false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.issue("", false)).isInstanceOf(InvalidInputException.class);
        assertThat(stored).isEmpty();
    }
}
