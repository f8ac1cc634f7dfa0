package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobReferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference counts of the originals, rows of {@code blob_refs}. A count's row is locked (under the
 * embedded database's write lock, all are) while it is dropped, so an upload taking a reference at the
 * same moment waits, and none can between the count reaching zero and the bytes being deleted.
 */
public final class JdbcBlobReferences implements BlobReferences {
    private final SqlDatabase db;

    JdbcBlobReferences(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void retainBlob(BlobKey key, Instant at) {
        db.jdbc().update("""
                INSERT INTO blob_refs (storage_key, refs, retained_at) VALUES (?, 1, ?)
                ON CONFLICT (storage_key) DO UPDATE
                SET refs = blob_refs.refs + 1, retained_at = """ + db.dialect().greatest("blob_refs.retained_at", "excluded.retained_at"),
                key.value(), at.toEpochMilli());
    }

    @Override
    public Set<BlobKey> blobsInUse(Collection<BlobKey> keys, Instant retainedSince) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<String> values = keys.stream().map(BlobKey::value).distinct().toList();
        String in = JdbcOutbox.placeholders(values.size());
        List<Object> args = new ArrayList<>(values);
        args.add(retainedSince.toEpochMilli());
        args.addAll(values);
        return new HashSet<>(db.jdbc().query("SELECT original_key FROM images WHERE original_key IN (" + in + ")"
                        + " UNION SELECT storage_key FROM blob_refs WHERE retained_at >= ? AND storage_key IN (" + in + ")",
                (rs, i) -> new BlobKey(rs.getString(1)), args.toArray()));
    }

    /**
     * The count's row is made to exist (count 0) and locked first, so an upload's {@link #retainBlob}
     * of the same key waits for this transaction whether or not a row was there: it then either finds
     * the row gone and starts a new count (and writes the bytes again), or this saw its fresh reference.
     */
    @Override
    public boolean dropUnusedBlob(BlobKey key, Instant retainedBefore, LastReference onLast) {
        return Boolean.TRUE.equals(db.tx().execute(status -> {
            db.jdbc().update("INSERT INTO blob_refs (storage_key, refs, retained_at) VALUES (?, 0, 0) ON CONFLICT (storage_key) DO NOTHING",
                    key.value());
            Long retainedAt = db.jdbc().queryForObject("SELECT retained_at FROM blob_refs WHERE storage_key = ?"
                    + db.dialect().forUpdate(), Long.class, key.value());
            Integer holders = db.jdbc().queryForObject("SELECT COUNT(*) FROM images WHERE original_key = ?",
                    Integer.class, key.value());
            if ((holders != null && holders > 0) || (retainedAt != null && retainedAt >= retainedBefore.toEpochMilli())) {
                status.setRollbackOnly();
                return false;
            }
            db.jdbc().update("DELETE FROM blob_refs WHERE storage_key = ?", key.value());
            released(key, onLast);
            return true;
        }));
    }

    @Override
    public void releaseBlob(BlobKey key, LastReference onLast) {
        db.tx().executeWithoutResult(status -> release(key, onLast));
    }

    /** In the caller's transaction, holding the count's row until it commits. */
    void release(BlobKey key, LastReference onLast) {
        List<Integer> refs = db.jdbc().query("SELECT refs FROM blob_refs WHERE storage_key = ?" + db.dialect().forUpdate(),
                (rs, i) -> rs.getInt(1), key.value());
        int left = refs.isEmpty() ? 0 : refs.getFirst() - 1;
        if (left > 0) {
            db.jdbc().update("UPDATE blob_refs SET refs = ? WHERE storage_key = ?", left, key.value());
            return;
        }
        db.jdbc().update("DELETE FROM blob_refs WHERE storage_key = ?", key.value());
        released(key, onLast);
    }

    private static void released(BlobKey key, LastReference onLast) {
        try {
            onLast.released(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
