package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.port.MetadataStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The catalogue in the embedded database. */
public final class SqliteMetadataStore implements MetadataStore {
    private static final String COLUMNS = """
            id, owner, status, filename, format, bytes, width, height, has_alpha, sha256, original_key,
            title, description, created_at, updated_at, visibility""";

    private final SqliteDatabase db;
    private final SqliteJobQueue queue;

    public SqliteMetadataStore(SqliteDatabase db, SqliteJobQueue queue) {
        this.db = db;
        this.queue = queue;
    }

    @Override
    public void create(ImageRecord image, JobSpec firstJob) {
        db.tx().executeWithoutResult(status -> {
            db.jdbc().update("INSERT INTO images (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    image.id().value(), image.owner(), image.status().id(), image.filename(), image.format().id(),
                    image.bytes(), image.width(), image.height(), image.hasAlpha() ? 1 : 0, image.sha256(),
                    image.originalKey().value(), image.metadata().title(), image.metadata().description(),
                    image.createdAt().toEpochMilli(), image.updatedAt().toEpochMilli(), image.visibility().id());
            writeTags(image.id(), image.tags());
            queue.insert(firstJob);
        });
        db.signalWork();
    }

    @Override
    public Optional<ImageRecord> find(ImageId id) {
        List<ImageRecord> found = db.jdbc().query("SELECT " + COLUMNS + " FROM images WHERE id = ?",
                (rs, i) -> row(rs), id.value());
        return withDetails(found).stream().findFirst();
    }

    @Override
    public Page<ImageRecord> list(ImageQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM images i WHERE owner = ?");
        args.add(query.owner());
        query.tag().ifPresent(tag -> {
            sql.append(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag = ?)");
            args.add(ImageMetadata.normaliseTag(tag));
        });
        query.after().ifPresent(c -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.add(c.createdAtMillis());
            args.add(c.createdAtMillis());
            args.add(c.id().value());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(query.limit() + 1);
        List<ImageRecord> rows = db.jdbc().query(sql.toString(), (rs, i) -> row(rs), args.toArray());
        Optional<PageCursor> next = Optional.empty();
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            ImageRecord last = rows.getLast();
            next = Optional.of(new PageCursor(last.createdAt().toEpochMilli(), last.id()));
        }
        return new Page<>(withDetails(rows), next);
    }

    @Override
    public boolean updateMetadata(ImageId id, ImageMetadata metadata, Instant at) {
        Boolean updated = db.tx().execute(status -> {
            int n = db.jdbc().update("UPDATE images SET title = ?, description = ?, visibility = ?, updated_at = ? WHERE id = ?",
                    metadata.title(), metadata.description(), metadata.visibility().id(), at.toEpochMilli(), id.value());
            if (n == 0) {
                return false;
            }
            db.jdbc().update("DELETE FROM image_tags WHERE image_id = ?", id.value());
            writeTags(id, metadata.tags());
            return true;
        });
        return Boolean.TRUE.equals(updated);
    }

    @Override
    public boolean putRendition(ImageId id, Rendition r, Instant at) {
        Boolean done = db.tx().execute(status -> {
            Integer exists = db.jdbc().queryForObject("SELECT COUNT(*) FROM images WHERE id = ?", Integer.class, id.value());
            if (exists == null || exists == 0) {
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
                    r.sha256(), r.createdAt().toEpochMilli(), r.frames(), r.firstFrameOnly() ? 1 : 0);
            db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            return true;
        });
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
            Integer exists = db.jdbc().queryForObject("SELECT COUNT(*) FROM images WHERE id = ?", Integer.class, id.value());
            if (exists == null || exists == 0) {
                return null;
            }
            db.jdbc().update("""
                    INSERT INTO rendition_requests (image_id, name, recipe, failed_error, requested_at, updated_at)
                    VALUES (?, ?, ?, NULL, ?, ?)
                    ON CONFLICT (image_id, name) DO UPDATE SET recipe = excluded.recipe, failed_error = NULL,
                        requested_at = excluded.requested_at, updated_at = excluded.updated_at""",
                    id.value(), variant.name(), variant.canonical(), at.toEpochMilli(), at.toEpochMilli());
            return queue.insert(job);
        });
        if (jobId == null) {
            return OptionalLong.empty();
        }
        db.signalWork();
        return OptionalLong.of(jobId);
    }

    @Override
    public void renditionRequestFailed(ImageId id, String name, String error, Instant at) {
        db.jdbc().update("UPDATE rendition_requests SET failed_error = ?, updated_at = ? WHERE image_id = ? AND name = ?",
                error == null || error.isBlank() ? "failed" : error, at.toEpochMilli(), id.value(), name);
    }

    @Override
    public Optional<ImageRecord> delete(ImageId id) {
        return db.tx().execute(status -> {
            Optional<ImageRecord> found = find(id);
            found.ifPresent(r -> db.jdbc().update("DELETE FROM images WHERE id = ?", id.value()));
            return found;
        });
    }

    private void writeTags(ImageId id, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            db.jdbc().update("INSERT INTO image_tags (image_id, tag, position) VALUES (?, ?, ?)", id.value(), tags.get(i), i);
        }
    }

    /** Adds tags and renditions to the rows, two queries for the whole page. */
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
                            rs.getInt("frames"), rs.getInt("first_frame_only") == 1);
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
        return rows.stream().map(r -> {
            ImageMetadata m = new ImageMetadata(r.metadata().title(), r.metadata().description(),
                    tags.getOrDefault(r.id().value(), List.of()), r.visibility());
            return new ImageRecord(r.id(), r.owner(), r.status(), r.filename(), r.format(), r.bytes(), r.width(),
                    r.height(), r.hasAlpha(), r.sha256(), r.originalKey(), m, r.createdAt(), r.updatedAt(),
                    renditions.getOrDefault(r.id().value(), Map.of()), requests.getOrDefault(r.id().value(), List.of()));
        }).toList();
    }

    private static ImageRecord row(ResultSet rs) throws SQLException {
        return new ImageRecord(new ImageId(rs.getString("id")), rs.getString("owner"),
                ImageStatus.fromId(rs.getString("status")), rs.getString("filename"), format(rs.getString("format")),
                rs.getLong("bytes"), rs.getInt("width"), rs.getInt("height"), rs.getInt("has_alpha") == 1,
                rs.getString("sha256"), new BlobKey(rs.getString("original_key")),
                new ImageMetadata(rs.getString("title"), rs.getString("description"), List.of(),
                        Visibility.fromId(rs.getString("visibility"))),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")), Map.of());
    }

    private static ImageFormat format(String id) {
        return ImageFormat.valueOf(id.toUpperCase(Locale.ROOT));
    }
}
