package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Image records as rows: the columns of {@code images}, and the tags, renditions and asked-for
 * renditions read beside them, three queries for a whole page.
 */
final class ImageRows {
    static final String COLUMNS = """
            id, owner, status, filename, format, bytes, width, height, has_alpha, sha256, original_key,
            title, description, created_at, updated_at, visibility, camera_make, camera_model, lens, taken_at,
            exposure_time, f_number, iso, focal_length, gps_lat, gps_lon, alt_text, expires_at""";

    private final SqlDatabase db;

    ImageRows(SqlDatabase db) {
        this.db = db;
    }

    /** The record, with its details, in the caller's transaction if there is one. */
    Optional<ImageRecord> find(ImageId id) {
        return query(" WHERE id = ?", id.value()).stream().findFirst();
    }

    /** The owner's newest live image of these bytes. */
    Optional<ImageRecord> newestWithBytes(String owner, String sha256, java.time.Instant now) {
        return query(" WHERE owner = ? AND sha256 = ? AND (expires_at IS NULL OR expires_at > ?)"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", owner, sha256, now.toEpochMilli()).stream().findFirst();
    }

    /** The records of {@code SELECT COLUMNS FROM images} + {@code where}, with their details. */
    List<ImageRecord> query(String where, Object... args) {
        return withDetails(db.jdbc().query("SELECT " + COLUMNS + " FROM images" + where, (rs, i) -> row(rs), args));
    }

    void insert(ImageRecord image) {
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
    }

    void replaceTags(ImageId id, List<String> tags) {
        db.jdbc().update("DELETE FROM image_tags WHERE image_id = ?", id.value());
        writeTags(id, tags);
    }

    private void writeTags(ImageId id, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            db.jdbc().update("INSERT INTO image_tags (image_id, tag, position) VALUES (?, ?, ?)", id.value(), tags.get(i), i);
        }
    }

    /**
     * Locks the image's row until this transaction ends (under the embedded database's write lock, it
     * already is); whether there is one.
     */
    boolean lock(ImageId id) {
        return !db.jdbc().query("SELECT id FROM images WHERE id = ?" + db.dialect().forUpdate(), (rs, i) -> rs.getString(1),
                id.value()).isEmpty();
    }

    /** Adds tags, renditions and asked-for renditions to the rows, three queries for the whole page. */
    List<ImageRecord> withDetails(List<ImageRecord> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        String in = JdbcOutbox.placeholders(rows.size());
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
                WHERE removed_at IS NULL AND image_id IN (""" + in + ") ORDER BY image_id, requested_at, name",
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

    static ImageRecord row(ResultSet rs) throws SQLException {
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
                ImageMetadata.stored(rs.getString("title"), rs.getString("description"), List.of(),
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

    static ImageFormat format(String id) {
        return ImageFormat.valueOf(id.toUpperCase(Locale.ROOT));
    }
}
