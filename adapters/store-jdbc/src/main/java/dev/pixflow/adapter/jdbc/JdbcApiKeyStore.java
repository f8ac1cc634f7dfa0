package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys in the catalogue's database, beside the images they guard (shared by every process of a shared one). */
public final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, owner, admin, token_sha256, created_at, revoked_at, expires_at, last_used_at";
    /** The lock that makes the first key one step (any number, distinct from the database's other locks). */
    private static final long FIRST_KEY_LOCK = 0x5049_5846_4b45_5931L;

    private final SqlDatabase db;

    public JdbcApiKeyStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void create(ApiKey key) {
        db.jdbc().update("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)", key.id(), key.owner(),
                key.admin(), key.tokenSha256(), key.createdAt().toEpochMilli(), millis(key.revokedAt()),
                millis(key.expiresAt()), millis(key.lastUsedAt()));
    }

    @Override
    public boolean createFirst(ApiKey key) {
        return Boolean.TRUE.equals(db.tx().execute(status -> {
            // Serialises the first keys' transactions, so the second sees the first's row.
            db.dialect().lockUntilCommit(db.jdbc(), FIRST_KEY_LOCK);
            if (anyExist()) {
                return false;
            }
            create(key);
            return true;
        }));
    }

    @Override
    public Optional<ApiKey> findByTokenHash(String tokenSha256) {
        return db.jdbc().query("SELECT " + COLUMNS + " FROM api_keys WHERE token_sha256 = ?", (rs, i) -> key(rs), tokenSha256)
                .stream().findFirst();
    }

    @Override
    public List<ApiKey> list() {
        return db.jdbc().query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id", (rs, i) -> key(rs));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return db.jdbc().update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                at.toEpochMilli(), id) == 1;
    }

    @Override
    public void recordUse(String id, Instant at) {
        db.jdbc().update("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                at.toEpochMilli(), id, at.toEpochMilli());
    }

    @Override
    public boolean anyExist() {
        return Boolean.TRUE.equals(db.jdbc().queryForObject("SELECT EXISTS (SELECT 1 FROM api_keys)", Boolean.class));
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("owner"), rs.getBoolean("admin"), rs.getString("token_sha256"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "revoked_at"), instant(rs, "expires_at"),
                instant(rs, "last_used_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static Long millis(Optional<Instant> at) {
        return at.map(Instant::toEpochMilli).orElse(null);
    }
}
