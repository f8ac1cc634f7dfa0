package dev.pixflow.core.port;

import dev.pixflow.core.domain.ApiKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The API keys, by the hash of their token. Keys are revoked, never deleted, so their history stays. */
public interface ApiKeyStore {

    void create(ApiKey key);

    /**
     * Creates the key only while no key exists, as one step: of several callers racing to make the
     * first key, exactly one does. False when a key already existed.
     */
    boolean createFirst(ApiKey key);

    /** The key whose token hashes to {@code tokenSha256}, revoked or not. */
    Optional<ApiKey> findByTokenHash(String tokenSha256);

    /** Every key, oldest first. */
    List<ApiKey> list();

    /** Marks the key revoked; false when there is no such key or it already was. */
    boolean revoke(String id, Instant at);

    /** Sets the key's last use to {@code at}, unless it already says a later time (another process's). */
    void recordUse(String id, Instant at);

    /** Whether any key was ever created: until then the server may run open. */
    boolean anyExist();
}
