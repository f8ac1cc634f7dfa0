package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.Expirations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Expiry times on the image rows, and the tombstones that expired images leave. */
public final class JdbcExpirations implements Expirations {
    private final SqlDatabase db;
    private final ImageRows rows;

    JdbcExpirations(SqlDatabase db, ImageRows rows) {
        this.db = db;
        this.rows = rows;
    }

    @Override
    public List<ImageRecord> expired(Instant now, int limit) {
        return rows.query(" WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id LIMIT ?",
                now.toEpochMilli(), limit);
    }

    @Override
    public Optional<Tombstone> tombstone(ImageId id) {
        return db.jdbc().query("SELECT owner, visibility, expired_at FROM tombstones WHERE image_id = ?",
                (rs, i) -> new Tombstone(id, rs.getString(1), Visibility.fromId(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3))), id.value()).stream().findFirst();
    }
}
