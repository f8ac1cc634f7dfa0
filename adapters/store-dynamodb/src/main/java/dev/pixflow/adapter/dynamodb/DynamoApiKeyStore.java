package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * API keys, one partition (few keys, listed together), and beside each an item keyed by its token's
 * hash naming it: the hash's item is written first, only if absent, so two keys never share a hash, and
 * a lookup by hash reads two items consistently (an index would answer eventually, and a key just made
 * must work at once).
 */
public final class DynamoApiKeyStore implements ApiKeyStore {
    private static final String KEYS = "APIKEYS";
    private static final String BY_HASH = "APIKEYHASH#";
    /** Claimed once, by the caller that makes the first key; outside the keys' partition, which lists them. */
    private static final String FIRST = "APIKEYFIRST";

    private final Table table;

    DynamoApiKeyStore(Table table) {
        this.table = table;
    }

    @Override
    public void create(ApiKey key) {
        Expr e = new Expr();
        if (!table.put(hashItem(key), e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")")) {
            throw new IllegalStateException("another key has this token");
        }
        Expr k = new Expr();
        if (!table.put(keyItem(key), k, "attribute_not_exists(" + k.name(CatalogueTable.PK) + ")")) {
            table.delete(BY_HASH + key.tokenSha256(), "KEY", new Expr(), null);
            throw new IllegalStateException("key " + key.id() + " exists");
        }
    }

    /**
     * The claim on the first key is a conditional put that only one caller wins; the key follows. (Not
     * every DynamoDB-compatible engine has transactions, so the two are separate writes.) A process
     * dying between them leaves the claim taken and no key: the server stays open, no caller is told it
     * made the first key, and the operator makes it from the command line ({@code keys create}), which
     * makes keys whatever exists.
     */
    @Override
    public boolean createFirst(ApiKey key) {
        Expr e = new Expr();
        Map<String, AttributeValue> claim = new HashMap<>(Table.key(FIRST, FIRST));
        claim.put("id", s(key.id()));
        if (!table.put(claim, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")") || anyExist()) {
            return false;
        }
        try {
            create(key);
        } catch (RuntimeException failed) {
            table.delete(FIRST, FIRST, new Expr(), null);
            throw failed;
        }
        return true;
    }

    private static Map<String, AttributeValue> hashItem(ApiKey key) {
        Map<String, AttributeValue> hash = new HashMap<>(Table.key(BY_HASH + key.tokenSha256(), "KEY"));
        hash.put("id", s(key.id()));
        return hash;
    }

    private static Map<String, AttributeValue> keyItem(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>(Table.key(KEYS, key.id()));
        item.put("owner", s(key.owner()));
        item.put("admin", bool(key.admin()));
        item.put("hash", s(key.tokenSha256()));
        item.put("created", millis(key.createdAt()));
        key.revokedAt().ifPresent(at -> item.put("revoked", millis(at)));
        key.expiresAt().ifPresent(at -> item.put("expires", millis(at)));
        key.lastUsedAt().ifPresent(at -> item.put("lastUsed", millis(at)));
        return item;
    }

    @Override
    public Optional<ApiKey> findByTokenHash(String tokenSha256) {
        return table.get(BY_HASH + tokenSha256, "KEY").flatMap(h -> table.get(KEYS, str(h, "id")))
                .map(DynamoApiKeyStore::key).filter(k -> k.tokenSha256().equals(tokenSha256));
    }

    @Override
    public List<ApiKey> list() {
        return table.range(KEYS, null, null, true).map(DynamoApiKeyStore::key)
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Expr e = new Expr();
        return table.update(KEYS, id, e, "SET " + e.name("revoked") + " = " + e.value(millis(at)),
                "attribute_exists(" + e.name(CatalogueTable.PK) + ") AND attribute_not_exists(" + e.name("revoked") + ")");
    }

    @Override
    public void recordUse(String id, Instant at) {
        Expr e = new Expr();
        String when = e.value(millis(at));
        table.update(KEYS, id, e, "SET " + e.name("lastUsed") + " = " + when, "attribute_exists(" + e.name(CatalogueTable.PK)
                + ") AND (attribute_not_exists(" + e.name("lastUsed") + ") OR " + e.name("lastUsed") + " < " + when + ")");
    }

    @Override
    public boolean anyExist() {
        return table.range(KEYS, null, null, true, 1).findFirst().isPresent();
    }

    private static ApiKey key(Map<String, AttributeValue> item) {
        return new ApiKey(str(item, CatalogueTable.SK), str(item, "owner"), flag(item, "admin"), str(item, "hash"),
                instant(item, "created"), optInstant(item, "revoked"), optInstant(item, "expires"),
                optInstant(item, "lastUsed"));
    }
}
