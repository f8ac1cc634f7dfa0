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

/**
 * Issuing keys keeps only the token's hash; a token authenticates until its key is revoked or expires;
 * its last use is written once a minute at most.
 */
class ApiKeysTest {
    private final List<ApiKey> stored = new ArrayList<>();
    private final List<Instant> usesWritten = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ApiKeyStore store = new ApiKeyStore() {
        @Override
        public void create(ApiKey key) {
            stored.add(key);
        }

        @Override
        public synchronized boolean createFirst(ApiKey key) {
            return stored.isEmpty() && stored.add(key);
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
                if (k.id().equals(id) && !k.revoked()) {
                    stored.set(i, new ApiKey(k.id(), k.owner(), k.admin(), k.tokenSha256(), k.createdAt(), Optional.of(at),
                            k.expiresAt(), k.lastUsedAt()));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void recordUse(String id, Instant at) {
            usesWritten.add(at);
            stored.replaceAll(k -> k.id().equals(id) ? new ApiKey(k.id(), k.owner(), k.admin(), k.tokenSha256(),
                    k.createdAt(), k.revokedAt(), k.expiresAt(), Optional.of(at)) : k);
        }

        @Override
        public boolean anyExist() {
            return !stored.isEmpty();
        }
    };
    private final ApiKeys keys = new ApiKeys(store, clock);

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
    void theFirstKeyIsAnAdminsAndOnlyWhileThereIsNone() {
        ApiKeys.Issued first = keys.issueFirst("ops", Optional.empty()).orElseThrow();
        assertThat(first.key().admin()).isTrue();
        assertThat(keys.authenticate(first.token())).contains(first.key());
        assertThat(keys.noneIssued()).isFalse();

        assertThat(keys.issueFirst("late", Optional.empty())).isEmpty();
        assertThat(keys.list()).extracting(ApiKey::id).containsExactly(first.key().id());
    }

    @Test
    void anOwnerNameIsChecked() {
        assertThatThrownBy(() -> keys.issue("ana smith", false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.issue("", false)).isInstanceOf(InvalidInputException.class);
        assertThat(stored).isEmpty();
    }

    @Test
    void aKeyWithAnExpiryWorksUntilItAndNotAfter() {
        ApiKeys.Issued ana = keys.issue("ana", false, Optional.of(now.plusSeconds(3600)));
        assertThat(ana.key().expiresAt()).contains(now.plusSeconds(3600));
        assertThat(keys.authenticate(ana.token())).isPresent();
        assertThat(keys.authenticateWithin(ana.token(), java.time.Duration.ofHours(2))).isPresent();

        now = now.plusSeconds(3600);
        assertThat(keys.authenticate(ana.token())).as("expired").isEmpty();
        assertThat(keys.authenticateWithin(ana.token(), java.time.Duration.ofHours(2))).as("not even from the cache").isEmpty();
        assertThat(keys.find(ana.key().id())).hasValueSatisfying(k -> assertThat(k.expiredAt(now)).isTrue());
    }

    @Test
    void anExpiryThatHasPassedIsRefused() {
        assertThatThrownBy(() -> keys.issue("ana", false, Optional.of(now)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("expiresAt"));
        assertThat(stored).isEmpty();
    }

    @Test
    void theLastUseIsWrittenOnceAMinuteAtMost() {
        ApiKeys.Issued ana = keys.issue("ana", false);
        keys.authenticate(ana.token());
        now = now.plusSeconds(30);
        keys.authenticate(ana.token());
        keys.authenticateWithin(ana.token(), java.time.Duration.ofSeconds(1));
        assertThat(usesWritten).containsExactly(Instant.parse("2026-01-01T00:00:00Z"));

        now = now.plusSeconds(31);
        keys.authenticate(ana.token());
        assertThat(usesWritten).hasSize(2).last().isEqualTo(now);
        assertThat(keys.find(ana.key().id()).orElseThrow().lastUsedAt()).contains(now);
        assertThat(keys.authenticate(ana.token() + "x")).isEmpty();
        assertThat(usesWritten).as("an unknown token is no use of any key").hasSize(2);
    }

    @Test
    void whetherAnyKeyIsIssuedIsKnownWithoutTheStoreOnlyOnceTheStoreWasAsked() {
        java.time.Duration second = java.time.Duration.ofSeconds(1);
        assertThat(keys.noneIssuedKnownWithin(second)).as("never asked").isEmpty();
        assertThat(keys.noneIssuedWithin(second)).isTrue();
        assertThat(keys.noneIssuedKnownWithin(second)).contains(true);
        assertThat(keys.noneIssuedKnownWithin(java.time.Duration.ZERO)).as("too old an answer").isEmpty();
        keys.issue("ana", false);
        assertThat(keys.noneIssuedKnownWithin(java.time.Duration.ZERO)).contains(false);
        assertThat(keys.noneIssuedWithin(second)).isFalse();
    }
}
