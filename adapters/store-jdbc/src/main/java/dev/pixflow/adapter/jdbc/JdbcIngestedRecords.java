package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.IngestedRecords;

import java.time.Instant;
import java.util.Optional;

/** The stream records already ingested, in the catalogue's database. */
public final class JdbcIngestedRecords implements IngestedRecords {
    private final SqlDatabase db;

    public JdbcIngestedRecords(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<ImageId> find(String record) {
        return db.jdbc().query("SELECT image_id FROM ingested_records WHERE record_id = ?",
                (rs, i) -> ImageId.parse(rs.getString(1)).orElseThrow(), record).stream().findFirst();
    }

    @Override
    public void remember(String record, ImageId image, Instant at) {
        db.jdbc().update("INSERT INTO ingested_records (record_id, image_id, ingested_at) VALUES (?,?,?)"
                + " ON CONFLICT (record_id) DO NOTHING", record, image.value(), at.toEpochMilli());
    }

    @Override
    public int prune(Instant before, int limit) {
        return db.jdbc().update("""
                DELETE FROM ingested_records WHERE record_id IN (
                    SELECT record_id FROM ingested_records WHERE ingested_at < ? ORDER BY ingested_at LIMIT ?)""",
                before.toEpochMilli(), limit);
    }
}
