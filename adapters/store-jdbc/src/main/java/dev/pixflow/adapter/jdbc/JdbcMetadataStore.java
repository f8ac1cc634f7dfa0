package dev.pixflow.adapter.postgres;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.InvalidInputException;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.port.MetadataStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The catalogue in PostgreSQL, shared by every process. Each record is committed together with its
 * job in the outbox table, which a relay moves to the queue: no job names an image that was not
 * committed, and no committed image is left without its job. The search index (tsvector and trigrams)
 * is kept in the same transactions as the records it indexes.
 */
public final class PostgresMetadataStore implements MetadataStore {
    static final String COLUMNS = """
            id, owner, status, filename, format, bytes, width, height, has_alpha, sha256, original_key,
            title, description, created_at, updated_at, visibility, camera_make, camera_model, lens, taken_at,
            exposure_time, f_number, iso, focal_length, gps_lat, gps_lon, alt_text, expires_at""";
    private static final int INDEX_BATCH = 500;

    private final PostgresDatabase db;

    public PostgresMetadataStore(PostgresDatabase db) {
        this.db = db;
        indexMissing();
    }

    @Override
    public void create(ImageRecord image, JobSpec firstJob) {
        db.tx().executeWithoutResult(status -> {
            insert(image);
            JobRows.insert(db, firstJob, image.createdAt());
            PostgresEventLog.insert(db, ImageEvent.stored(image, image.createdAt()));
        });
        db.signalOutbox();
        db.signalEvents();
    }

    private void insert(ImageRecord image) {
        Exif e = image.exif();
        db.jdbc().update("INSERT INTO images (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                image.id().value(), image.owner(), image.status().id(), image.filename(), image.format().id(),
                image.bytes(), image.width(), image.height(), image.hasAlpha(), image.sha256(),
                image.originalKey().value(), image.metadata().title(), image.metadata().description(),
                image.createdAt().toEpochMilli(), image.updatedAt().toEpochMilli(), image.visibility().id(),
                e.cameraMake(), e.cameraModel(), e.lens(), e.takenAt() == null ? null : e.takenAt().toEpochMilli(),
                e.exposureTime(), e.fNumber(), e.iso(), e.focalLength(),
                e.gps() == null ? null : e.gps().latitude(), e.gps() == null ? null : e.gps().longitude(),
                image.metadata().altText(), image.expiresAt().map(Instant::toEpochMilli).orElse(null));
        writeTags(image.id(), image.tags());
        index(image.id());
    }

    @Override
    public Optional<ImageRecord> find(ImageId id) {
        List<ImageRecord> found = db.jdbc().query("SELECT " + COLUMNS + " FROM images WHERE id = ?",
                (rs, i) -> row(rs), id.value());
        return withDetails(found).stream().findFirst();
    }

    @Override
    public Page<ImageRecord> list(ImageQuery query, Instant now) {
        PostgresListing listing = PostgresListing.of(query, now, COLUMNS);
        List<Map.Entry<ImageRecord, Integer>> rows = db.jdbc().query(listing.sql,
                (rs, i) -> Map.entry(row(rs), rs.getInt("score")), listing.args.toArray());
        Optional<PageCursor> next = Optional.empty();
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            var last = rows.getLast();
            next = Optional.of(PageCursor.after(query.sort(), last.getValue(), last.getKey()));
        }
        return new Page<>(withDetails(rows.stream().map(Map.Entry::getKey).toList()), next);
    }

    @Override
    public Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now) {
        List<ImageRecord> found = db.jdbc().query("SELECT " + COLUMNS + " FROM images"
                + " WHERE owner = ? AND sha256 = ? AND (expires_at IS NULL OR expires_at > ?)"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", (rs, i) -> row(rs), owner, sha256, now.toEpochMilli());
        return withDetails(found).stream().findFirst();
    }

    @Override
    public List<TagCount> tags(String owner, Instant now, int limit) {
        return db.jdbc().query("""
                SELECT t.tag, COUNT(*) AS n FROM image_tags t JOIN images i ON i.id = t.image_id
                WHERE i.owner = ? AND (i.expires_at IS NULL OR i.expires_at > ?)
                GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?""",
                (rs, i) -> new TagCount(rs.getString(1), rs.getLong(2)), owner, now.toEpochMilli(), limit);
    }

    @Override
    public boolean updateMetadata(ImageId id, ImageMetadata metadata, Instant at) {
        Boolean updated = db.tx().execute(status -> {
            int n = db.jdbc().update("""
                    UPDATE images SET title = ?, description = ?, visibility = ?, alt_text = ?, updated_at = ?
                    WHERE id = ?""",
                    metadata.title(), metadata.description(), metadata.visibility().id(), metadata.altText(),
                    at.toEpochMilli(), id.value());
            if (n == 0) {
                return false;
            }
            replaceTags(id, metadata.tags());
            index(id);
            return true;
        });
        return Boolean.TRUE.equals(updated);
    }

    @Override
    public List<ImageId> retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at) {
        return db.tx().execute(status -> {
            List<ImageId> updated = new ArrayList<>();
            for (ImageId id : ids) {
                // Locked, so two bulk changes of one image apply one after the other rather than one lost.
                db.jdbc().query("SELECT id FROM images WHERE id = ? FOR UPDATE", (rs, i) -> rs.getString(1), id.value());
                Optional<ImageRecord> image = find(id).filter(r -> r.owner().equals(owner) && !r.isExpired(at));
                if (image.isEmpty()) {
                    continue;
                }
                LinkedHashSet<String> tags = new LinkedHashSet<>(image.get().tags());
                tags.addAll(add);
                tags.removeAll(remove);
                ImageMetadata next;
                try {
                    next = image.get().metadata().withTags(List.copyOf(tags));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("add", "image " + id + ": " + e.getMessage());
                }
                replaceTags(id, next.tags());
                db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
                index(id);
                updated.add(id);
            }
            return updated;
        });
    }

    @Override
    public boolean fillAltText(ImageId id, String altText, Instant at) {
        Boolean filled = db.tx().execute(status -> {
            int n = db.jdbc().update("UPDATE images SET alt_text = ?, updated_at = ? WHERE id = ? AND alt_text IS NULL",
                    altText, at.toEpochMilli(), id.value());
            if (n == 1) {
                index(id);
            }
            return n == 1;
        });
        return Boolean.TRUE.equals(filled);
    }

    @Override
    public boolean setExpiry(ImageId id, Optional<Instant> expiresAt, Instant at) {
        return db.jdbc().update("UPDATE images SET expires_at = ?, updated_at = ? WHERE id = ?",
                expiresAt.map(Instant::toEpochMilli).orElse(null), at.toEpochMilli(), id.value()) == 1;
    }

    @Override
    public boolean putRendition(ImageId id, Rendition r, Duration renderTime, Instant at) {
        Boolean done = db.tx().execute(status -> {
            // FOR SHARE: a delete running now waits for this commit rather than pulling the row from under the insert.
            if (!existsLocked(id)) {
                return false;
            }
            db.jdbc().update("""
                    INSERT INTO renditions (image_id, variant, storage_key, format, width, height, bytes, sha256, created_at,
                        frames, first_frame_only)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?)
                    ON CONFLICT (image_id, variant) DO UPDATE SET storage_key = excluded.storage_key,
                        format = excluded.format, width = excluded.width, height = excluded.height,
                        bytes = excluded.bytes, sha256 = excluded.sha256, created_at = excluded.created_at,
                        frames = excluded.frames, first_frame_only = excluded.first_frame_only""",
                    id.value(), r.variant(), r.key().value(), r.format().id(), r.width(), r.height(), r.bytes(),
                    r.sha256(), r.createdAt().toEpochMilli(), r.frames(), r.firstFrameOnly());
            db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            String owner = db.jdbc().queryForObject("SELECT owner FROM images WHERE id = ?", String.class, id.value());
            PostgresEventLog.insert(db, ImageEvent.renditionReady(id, owner, r, renderTime, at));
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            db.signalEvents();
        }
        return Boolean.TRUE.equals(done);
    }

    @Override
    public boolean setStatus(ImageId id, ImageStatus status, Instant at) {
        return db.jdbc().update("UPDATE images SET status = ?, updated_at = ? WHERE id = ?",
                status.id(), at.toEpochMilli(), id.value()) == 1;
    }

    @Override
    public OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job) {
        Long jobId = db.tx().execute(status -> {
            // FOR SHARE: a delete running now waits for this commit rather than pulling the row from under the insert.
            if (!existsLocked(id)) {
                return null;
            }
            db.jdbc().update("""
                    INSERT INTO rendition_requests (image_id, name, recipe, failed_error, requested_at, updated_at)
                    VALUES (?, ?, ?, NULL, ?, ?)
                    ON CONFLICT (image_id, name) DO UPDATE SET recipe = excluded.recipe, failed_error = NULL,
                        requested_at = excluded.requested_at, updated_at = excluded.updated_at""",
                    id.value(), variant.name(), variant.canonical(), at.toEpochMilli(), at.toEpochMilli());
            // Text drawn by the recipe is searchable.
            index(id);
            return JobRows.insert(db, job, at);
        });
        if (jobId == null) {
            return OptionalLong.empty();
        }
        db.signalOutbox();
        return OptionalLong.of(jobId);
    }

    @Override
    public void renditionRequestFailed(ImageId id, String name, String error, Instant at) {
        db.jdbc().update("UPDATE rendition_requests SET failed_error = ?, updated_at = ? WHERE image_id = ? AND name = ?",
                error == null || error.isBlank() ? "failed" : error, at.toEpochMilli(), id.value(), name);
    }

    @Override
    public void retainBlob(BlobKey key, Instant at) {
        db.jdbc().update("""
                INSERT INTO blob_refs (storage_key, refs, retained_at) VALUES (?, 1, ?)
                ON CONFLICT (storage_key) DO UPDATE
                SET refs = blob_refs.refs + 1, retained_at = GREATEST(blob_refs.retained_at, excluded.retained_at)""",
                key.value(), at.toEpochMilli());
    }

    @Override
    public Set<BlobKey> blobsInUse(Collection<BlobKey> keys, Instant retainedSince) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<String> values = keys.stream().map(BlobKey::value).distinct().toList();
        String in = String.join(",", Collections.nCopies(values.size(), "?"));
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
            Long retainedAt = db.jdbc().queryForObject("SELECT retained_at FROM blob_refs WHERE storage_key = ? FOR UPDATE",
                    Long.class, key.value());
            Integer holders = db.jdbc().queryForObject("SELECT COUNT(*) FROM images WHERE original_key = ?",
                    Integer.class, key.value());
            if ((holders != null && holders > 0) || (retainedAt != null && retainedAt >= retainedBefore.toEpochMilli())) {
                status.setRollbackOnly();
                return false;
            }
            db.jdbc().update("DELETE FROM blob_refs WHERE storage_key = ?", key.value());
            try {
                onLast.released(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }));
    }

    @Override
    public Set<ImageId> existing(Collection<ImageId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> values = ids.stream().map(ImageId::value).distinct().toList();
        String in = String.join(",", Collections.nCopies(values.size(), "?"));
        return new HashSet<>(db.jdbc().query("SELECT id FROM images WHERE id IN (" + in + ")",
                (rs, i) -> new ImageId(rs.getString(1)), values.toArray()));
    }

    @Override
    public void releaseBlob(BlobKey key, LastReference onLast) {
        db.tx().executeWithoutResult(status -> release(key, onLast));
    }

    /**
     * In the caller's transaction, holding the count's row lock until it commits: an upload taking a
     * reference meanwhile waits, so none can between the count reaching zero and the bytes being deleted.
     */
    private void release(BlobKey key, LastReference onLast) {
        List<Integer> refs = db.jdbc().query("SELECT refs FROM blob_refs WHERE storage_key = ? FOR UPDATE",
                (rs, i) -> rs.getInt(1), key.value());
        int left = refs.isEmpty() ? 0 : refs.getFirst() - 1;
        if (left > 0) {
            db.jdbc().update("UPDATE blob_refs SET refs = ? WHERE storage_key = ?", left, key.value());
            return;
        }
        db.jdbc().update("DELETE FROM blob_refs WHERE storage_key = ?", key.value());
        try {
            onLast.released(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, LastReference onLast) {
        Optional<ImageRecord> removed = db.tx().execute(status -> {
            // Locked first, so of two removals racing only one returns the record.
            db.jdbc().query("SELECT id FROM images WHERE id = ? FOR UPDATE", (rs, i) -> rs.getString(1), id.value());
            Optional<ImageRecord> found = find(id);
            found.ifPresent(r -> {
                db.jdbc().update("DELETE FROM images WHERE id = ?", id.value());
                expiredAt.ifPresent(expiry -> db.jdbc().update("""
                        INSERT INTO tombstones (image_id, owner, visibility, expired_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (image_id) DO NOTHING""", id.value(), r.owner(), r.visibility().id(), expiry.toEpochMilli()));
                release(r.originalKey(), onLast);
                PostgresEventLog.insert(db, expiredAt.isPresent() ? ImageEvent.expired(r, at) : ImageEvent.deleted(r, at));
            });
            return found;
        });
        if (removed.isPresent()) {
            db.signalEvents();
        }
        return removed;
    }

    @Override
    public List<ImageRecord> expired(Instant now, int limit) {
        return withDetails(db.jdbc().query("SELECT " + COLUMNS + " FROM images"
                + " WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id LIMIT ?",
                (rs, i) -> row(rs), now.toEpochMilli(), limit));
    }

    @Override
    public Optional<Tombstone> tombstone(ImageId id) {
        return db.jdbc().query("SELECT owner, visibility, expired_at FROM tombstones WHERE image_id = ?",
                (rs, i) -> new Tombstone(id, rs.getString(1), Visibility.fromId(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3))), id.value()).stream().findFirst();
    }

    private boolean existsLocked(ImageId id) {
        Integer n = db.jdbc().queryForObject(
                "SELECT COUNT(*) FROM (SELECT 1 FROM images WHERE id = ? FOR SHARE) AS locked", Integer.class, id.value());
        return n != null && n > 0;
    }

    private void replaceTags(ImageId id, List<String> tags) {
        db.jdbc().update("DELETE FROM image_tags WHERE image_id = ?", id.value());
        writeTags(id, tags);
    }

    private void writeTags(ImageId id, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            db.jdbc().update("INSERT INTO image_tags (image_id, tag, position) VALUES (?, ?, ?)", id.value(), tags.get(i), i);
        }
    }

    /** (Re)writes the image's search entry from its record, in the caller's transaction. */
    private void index(ImageId id) {
        Optional<ImageRecord> image = find(id);
        if (image.isEmpty()) {
            return;
        }
        SearchDocument doc = SearchDocument.of(image.get());
        db.jdbc().update("""
                INSERT INTO image_search (image_id, named, described, incidental) VALUES (?, ?, ?, ?)
                ON CONFLICT (image_id) DO UPDATE SET named = excluded.named, described = excluded.described,
                    incidental = excluded.incidental""", id.value(), doc.named(), doc.described(), doc.incidental());
    }

    /**
     * Images written before the search index existed get their entries, in batches. Processes starting
     * together may index the same image twice; the upsert makes that harmless.
     */
    private void indexMissing() {
        while (true) {
            List<String> ids = db.jdbc().queryForList("""
                    SELECT id FROM images i WHERE NOT EXISTS (SELECT 1 FROM image_search s WHERE s.image_id = i.id)
                    LIMIT ?""", String.class, INDEX_BATCH);
            if (ids.isEmpty()) {
                return;
            }
            db.tx().executeWithoutResult(status -> ids.forEach(id -> index(new ImageId(id))));
        }
    }

    /** Adds tags, renditions and asked-for renditions to the rows, three queries for the whole page. */
    private List<ImageRecord> withDetails(List<ImageRecord> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        String in = String.join(",", Collections.nCopies(rows.size(), "?"));
        Object[] ids = rows.stream().map(r -> r.id().value()).toArray();
        Map<String, List<String>> tags = new HashMap<>();
        db.jdbc().query("SELECT image_id, tag FROM image_tags WHERE image_id IN (" + in + ") ORDER BY image_id, position",
                rs -> {
                    tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, ids);
        Map<String, Map<String, Rendition>> renditions = new HashMap<>();
        db.jdbc().query("""
                SELECT image_id, variant, storage_key, format, width, height, bytes, sha256, created_at, frames,
                       first_frame_only
                FROM renditions WHERE image_id IN (""" + in + ") ORDER BY image_id, created_at, variant",
                rs -> {
                    Rendition r = new Rendition(rs.getString("variant"), new BlobKey(rs.getString("storage_key")),
                            format(rs.getString("format")), rs.getInt("width"), rs.getInt("height"),
                            rs.getLong("bytes"), rs.getString("sha256"), Instant.ofEpochMilli(rs.getLong("created_at")),
                            rs.getInt("frames"), rs.getBoolean("first_frame_only"));
                    renditions.computeIfAbsent(rs.getString("image_id"), k -> new LinkedHashMap<>()).put(r.variant(), r);
                }, ids);
        Map<String, List<RenditionRequest>> requests = new HashMap<>();
        db.jdbc().query("""
                SELECT image_id, name, recipe, failed_error, requested_at FROM rendition_requests
                WHERE image_id IN (""" + in + ") ORDER BY image_id, requested_at, name",
                rs -> {
                    RenditionRequest r = new RenditionRequest(
                            new Variant(rs.getString("name"), Recipe.parse(rs.getString("recipe"))),
                            Instant.ofEpochMilli(rs.getLong("requested_at")),
                            Optional.ofNullable(rs.getString("failed_error")));
                    requests.computeIfAbsent(rs.getString("image_id"), k -> new ArrayList<>()).add(r);
                }, ids);
        return rows.stream().map(r -> new ImageRecord(r.id(), r.owner(), r.status(), r.filename(), r.format(), r.bytes(),
                r.width(), r.height(), r.hasAlpha(), r.sha256(), r.originalKey(),
                r.metadata().withTags(tags.getOrDefault(r.id().value(), List.of())), r.createdAt(), r.updatedAt(),
                renditions.getOrDefault(r.id().value(), Map.of()), requests.getOrDefault(r.id().value(), List.of()),
                r.exif(), r.expiresAt())).toList();
    }

    private static ImageRecord row(ResultSet rs) throws SQLException {
        Double lat = nullableDouble(rs, "gps_lat");
        Double lon = nullableDouble(rs, "gps_lon");
        Long taken = nullableLong(rs, "taken_at");
        Exif exif = new Exif(rs.getString("camera_make"), rs.getString("camera_model"), rs.getString("lens"),
                taken == null ? null : Instant.ofEpochMilli(taken), rs.getString("exposure_time"),
                nullableDouble(rs, "f_number"), nullableLong(rs, "iso") == null ? null : rs.getInt("iso"),
                nullableDouble(rs, "focal_length"), lat == null || lon == null ? null : new GeoPoint(lat, lon));
        Long expires = nullableLong(rs, "expires_at");
        return new ImageRecord(new ImageId(rs.getString("id")), rs.getString("owner"),
                ImageStatus.fromId(rs.getString("status")), rs.getString("filename"), format(rs.getString("format")),
                rs.getLong("bytes"), rs.getInt("width"), rs.getInt("height"), rs.getBoolean("has_alpha"),
                rs.getString("sha256"), new BlobKey(rs.getString("original_key")),
                new ImageMetadata(rs.getString("title"), rs.getString("description"), List.of(),
                        Visibility.fromId(rs.getString("visibility")), rs.getString("alt_text")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")), Map.of(),
                List.of(), exif, Optional.ofNullable(expires).map(Instant::ofEpochMilli));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static ImageFormat format(String id) {
        return ImageFormat.valueOf(id.toUpperCase(Locale.ROOT));
    }
}
