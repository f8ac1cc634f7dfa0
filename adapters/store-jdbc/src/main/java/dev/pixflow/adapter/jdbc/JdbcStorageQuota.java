package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.port.StorageQuota;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The storage quota in the catalogue's database: an owner uses the bytes of their images' originals and
 * of the renditions asked for by recipe (the configured variants are the same few, bounded sizes of
 * every image and are not counted), plus the holds of their uploads being stored, plus the parts their
 * open multipart uploads hold (once completing, the completion's hold counts them instead). An image past its
 * expiry counts no more: it is gone to its owner (410), who cannot delete it, before the sweeper has
 * taken its bytes. A hold is taken in a
 * transaction that first locks the owner's row of {@code quota_owners} (row lock on the shared database;
 * the embedded one has one writer at a time), so uploads of one owner in any number of processes are
 * counted one after another and two of them cannot both take the last room. A hold never given back (its process died mid-upload) runs out after
 * {@code holdFor}, and is deleted by the owner's next hold.
 */
public final class JdbcStorageQuota implements StorageQuota {
    private static final Logger LOG = Logger.getLogger(JdbcStorageQuota.class.getName());
    private static final String USED = """
            SELECT (SELECT COALESCE(SUM(bytes), 0) FROM images WHERE owner = ? AND (expires_at IS NULL OR expires_at > ?))
                 + (SELECT COALESCE(SUM(r.bytes), 0) FROM renditions r
                      JOIN rendition_requests q ON q.image_id = r.image_id AND q.name = r.variant
                      JOIN images i ON i.id = r.image_id WHERE i.owner = ? AND (i.expires_at IS NULL OR i.expires_at > ?))
                 + (SELECT COALESCE(SUM(bytes), 0) FROM storage_holds WHERE owner = ? AND expires_at > ?)
                 + (SELECT COALESCE(SUM(p.size), 0) FROM multipart_parts p JOIN multipart_uploads u ON u.id = p.upload_id
                      WHERE u.owner = ? AND u.state = 'open' AND u.expires_at > ?)""";

    private final SqlDatabase db;
    private final long limit;
    private final Duration holdFor;
    private final Clock clock;

    /**
     * @param limit   the bytes each owner's images may take together
     * @param holdFor how long a hold lasts when it is not given back: longer than storing the largest upload takes
     */
    public JdbcStorageQuota(SqlDatabase db, long limit, Duration holdFor, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("a storage quota is at least one byte; no quota is StorageQuota.NONE");
        }
        this.db = db;
        this.limit = limit;
        this.holdFor = holdFor;
        this.clock = clock;
    }

    @Override
    public Hold hold(String owner, long bytes) {
        long now = clock.millis();
        Long id = db.tx().execute(status -> {
            // An upsert that always writes the row: it is locked (PostgreSQL) or the database is (SQLite) until commit.
            db.jdbc().update("INSERT INTO quota_owners (owner) VALUES (?) ON CONFLICT (owner) DO UPDATE SET owner = excluded.owner",
                    owner);
            db.jdbc().update("DELETE FROM storage_holds WHERE owner = ? AND expires_at <= ?", owner, now);
            refuseOver(owner, bytes, now);
            return db.jdbc().queryForObject("INSERT INTO storage_holds (owner, bytes, expires_at) VALUES (?, ?, ?) RETURNING id",
                    Long.class, owner, bytes, now + holdFor.toMillis());
        });
        return () -> release(id);
    }

    @Override
    public void check(String owner, long bytes) {
        refuseOver(owner, bytes, clock.millis());
    }

    private void refuseOver(String owner, long bytes, long now) {
        Long used = db.jdbc().queryForObject(USED, Long.class, owner, now, owner, now, owner, now, owner, now);
        long inUse = used == null ? 0 : used;
        if (inUse + bytes > limit) {
            throw new QuotaExceededException(QuotaExceededException.STORED_BYTES, limit, inUse, bytes);
        }
    }

    private void release(Long id) {
        try {
            db.jdbc().update("DELETE FROM storage_holds WHERE id = ?", id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not give back storage hold " + id + "; it runs out after " + holdFor, e);
        }
    }
}
