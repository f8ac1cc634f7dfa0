package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.MultipartUploadStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Multipart bookkeeping in the catalogue's database, so any process of the multipart role can take
 * any call of any upload. Each change is one statement or one transaction whose WHERE clause carries
 * the state and expiry it depends on, so concurrent part uploads, a complete, an abort and the reaper
 * serialise on the rows they change without any lock held in Java.
 */
public final class JdbcMultipartUploadStore implements MultipartUploadStore {
    private static final String COLUMNS = """
            id, owner, filename, content_type, declared_size, title, description, tags, part_size, state, image_id,
            created_at, expires_at, visibility, alt_text, storage_id, completing_until""";

    private final SqlDatabase db;

    public JdbcMultipartUploadStore(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public void create(MultipartUpload u) {
        db.jdbc().update("INSERT INTO multipart_uploads (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                u.id().value(), u.owner(), u.filename(), u.contentType().orElse(null),
                u.declaredSize().isPresent() ? u.declaredSize().getAsLong() : null, u.metadata().title(),
                u.metadata().description(), String.join(",", u.metadata().tags()), u.partSize(), u.state().id(),
                u.image().map(ImageId::value).orElse(null), u.createdAt().toEpochMilli(), u.expiresAt().toEpochMilli(),
                u.metadata().visibility().id(), u.metadata().altText(), u.storageId().orElse(null),
                u.completingUntil().map(Instant::toEpochMilli).orElse(null));
    }

    @Override
    public Optional<MultipartUpload> find(UploadId id) {
        return db.jdbc().query("SELECT " + COLUMNS + " FROM multipart_uploads WHERE id = ?", (rs, i) -> upload(rs), id.value())
                .stream().findFirst();
    }

    @Override
    public List<UploadedPart> parts(UploadId id) {
        return db.jdbc().query("""
                SELECT part_number, etag, size, location, received_at FROM multipart_parts
                WHERE upload_id = ? ORDER BY part_number""", (rs, i) -> part(rs), id.value());
    }

    @Override
    public PartRecorded recordPart(UploadId id, UploadedPart part, Instant now) {
        return db.tx().execute(status -> {
            Integer open = db.jdbc().queryForObject("""
                    SELECT COUNT(*) FROM multipart_uploads WHERE id = ? AND state = 'open' AND expires_at > ?""",
                    Integer.class, id.value(), now.toEpochMilli());
            if (open == null || open == 0) {
                return PartRecorded.refused();
            }
            Optional<UploadedPart> replaced = db.jdbc().query("""
                    SELECT part_number, etag, size, location, received_at FROM multipart_parts
                    WHERE upload_id = ? AND part_number = ?""", (rs, i) -> part(rs), id.value(), part.number())
                    .stream().findFirst();
            db.jdbc().update("""
                    INSERT INTO multipart_parts (upload_id, part_number, etag, size, location, received_at)
                    VALUES (?,?,?,?,?,?)
                    ON CONFLICT (upload_id, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size,
                        location = excluded.location, received_at = excluded.received_at""",
                    id.value(), part.number(), part.etag(), part.size(), part.location(), part.receivedAt().toEpochMilli());
            return new PartRecorded(true, replaced);
        });
    }

    @Override
    public boolean removePart(UploadId id, UploadedPart part) {
        return db.jdbc().update("DELETE FROM multipart_parts WHERE upload_id = ? AND part_number = ? AND location = ? AND etag = ?",
                id.value(), part.number(), part.location(), part.etag()) == 1;
    }

    /** Open, or completing under a lease that ran out (its request died): both are this request's to take. */
    @Override
    public boolean startCompleting(UploadId id, Instant now, Instant leaseUntil, Instant holdUntil) {
        return db.jdbc().update("UPDATE multipart_uploads SET state = 'completing', completing_until = ?, expires_at = "
                        + db.dialect().greatest("expires_at", "?") + " WHERE id = ? AND expires_at > ?"
                        + " AND (state = 'open' OR (state = 'completing' AND COALESCE(completing_until, 0) <= ?))",
                leaseUntil.toEpochMilli(), holdUntil.toEpochMilli(), id.value(), now.toEpochMilli(), now.toEpochMilli()) == 1;
    }

    @Override
    public boolean extendCompleting(UploadId id, Instant leaseUntil) {
        return db.jdbc().update("UPDATE multipart_uploads SET completing_until = ? WHERE id = ? AND state = 'completing'",
                leaseUntil.toEpochMilli(), id.value()) == 1;
    }

    @Override
    public void releaseCompletions() {
        db.jdbc().update("UPDATE multipart_uploads SET completing_until = 0 WHERE state = 'completing'");
    }

    @Override
    public void reopen(UploadId id, Instant expiresAt) {
        db.jdbc().update("UPDATE multipart_uploads SET state = 'open', completing_until = NULL, expires_at = ?"
                + " WHERE id = ? AND state = 'completing'", expiresAt.toEpochMilli(), id.value());
    }

    @Override
    public void markCompleted(UploadId id, ImageId image) {
        db.tx().executeWithoutResult(status -> {
            db.jdbc().update("UPDATE multipart_uploads SET state = 'completed', image_id = ?, completing_until = NULL"
                    + " WHERE id = ? AND state = 'completing'",
                    image.value(), id.value());
            db.jdbc().update("DELETE FROM multipart_parts WHERE upload_id = ?", id.value());
        });
    }

    @Override
    public boolean deleteIfOpen(UploadId id) {
        return db.jdbc().update("DELETE FROM multipart_uploads WHERE id = ? AND state = 'open'", id.value()) == 1;
    }

    @Override
    public void delete(UploadId id) {
        db.jdbc().update("DELETE FROM multipart_uploads WHERE id = ?", id.value());
    }

    @Override
    public List<UploadId> expired(Instant now, int limit) {
        return db.jdbc().query("SELECT id FROM multipart_uploads WHERE expires_at <= ? ORDER BY expires_at, id LIMIT ?",
                (rs, i) -> new UploadId(rs.getString(1)), now.toEpochMilli(), limit);
    }

    @Override
    public boolean deleteExpired(UploadId id, Instant now) {
        return db.jdbc().update("DELETE FROM multipart_uploads WHERE id = ? AND expires_at <= ?",
                id.value(), now.toEpochMilli()) == 1;
    }

    private static MultipartUpload upload(ResultSet rs) throws SQLException {
        long declared = rs.getLong("declared_size");
        OptionalLong size = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(declared);
        String tags = rs.getString("tags");
        ImageMetadata metadata = ImageMetadata.stored(rs.getString("title"), rs.getString("description"),
                tags.isEmpty() ? List.of() : List.of(tags.split(",")), Visibility.fromId(rs.getString("visibility")),
                rs.getString("alt_text"));
        return new MultipartUpload(new UploadId(rs.getString("id")), rs.getString("owner"), rs.getString("filename"),
                Optional.ofNullable(rs.getString("content_type")), size, metadata, rs.getLong("part_size"),
                UploadState.fromId(rs.getString("state")), Optional.ofNullable(rs.getString("image_id")).map(ImageId::new),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                Optional.ofNullable(rs.getString("storage_id")), completingUntil(rs));
    }

    private static Optional<Instant> completingUntil(ResultSet rs) throws SQLException {
        long until = rs.getLong("completing_until");
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
    }

    private static UploadedPart part(ResultSet rs) throws SQLException {
        return new UploadedPart(rs.getInt("part_number"), rs.getString("etag"), rs.getLong("size"),
                rs.getString("location"), Instant.ofEpochMilli(rs.getLong("received_at")));
    }
}
