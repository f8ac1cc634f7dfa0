package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.CatalogueExport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue read for the export, a page at a time along the (created_at, id) index; the
 * tags of each record come joined in position order (a tag cannot hold a comma).
 */
public final class JdbcCatalogueExport implements CatalogueExport {
    private static final String SELECT = """
            SELECT id, owner, status, filename, format, bytes, width, height, has_alpha, sha256, visibility, title,
                   created_at, updated_at, taken_at, camera_make, camera_model, expires_at,
                   (SELECT %s FROM image_tags t WHERE t.image_id = i.id) AS tags
            FROM images i
            WHERE created_at >= ? AND created_at < ?""";

    private final SqlDatabase db;
    private final String select;

    public JdbcCatalogueExport(SqlDatabase db) {
        this.db = db;
        this.select = SELECT.formatted(db.dialect().joined("tag", "position"));
    }

    @Override
    public List<ExportedImage> createdBetween(Instant from, Instant to, Optional<Position> after, int limit) {
        if (after.isEmpty()) {
            return db.jdbc().query(select + " ORDER BY created_at, id LIMIT ?", (rs, i) -> row(rs),
                    from.toEpochMilli(), to.toEpochMilli(), limit);
        }
        Position p = after.get();
        return db.jdbc().query(select + " AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
                (rs, i) -> row(rs), from.toEpochMilli(), to.toEpochMilli(), p.createdAt().toEpochMilli(),
                p.id().value(), limit);
    }

    private static ExportedImage row(ResultSet rs) throws SQLException {
        return new ExportedImage(new ImageId(rs.getString("id")), rs.getString("owner"),
                ImageStatus.fromId(rs.getString("status")), rs.getString("filename"),
                ImageFormat.valueOf(rs.getString("format").toUpperCase(Locale.ROOT)), rs.getLong("bytes"),
                rs.getInt("width"), rs.getInt("height"), rs.getBoolean("has_alpha"), rs.getString("sha256"),
                Visibility.fromId(rs.getString("visibility")), Optional.ofNullable(rs.getString("title")),
                ImageMetadata.parseTags(rs.getString("tags")), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), instant(rs, "taken_at"),
                Optional.ofNullable(rs.getString("camera_make")), Optional.ofNullable(rs.getString("camera_model")),
                instant(rs, "expires_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
