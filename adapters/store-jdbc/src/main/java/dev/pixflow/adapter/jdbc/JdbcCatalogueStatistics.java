package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.CatalogueStatistics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The admin statistics as GROUP BY queries on the catalogue; the window is a range of the
 * (created_at, id) index. A day is a UTC day.
 */
public final class JdbcCatalogueStatistics implements CatalogueStatistics {
    /** Not expired at the moment asked about (its parameter), of the images table under {@code alias}. */
    private static String live(String alias) {
        return "(" + alias + "expires_at IS NULL OR " + alias + "expires_at > ?)";
    }
    private final SqlDatabase db;

    public JdbcCatalogueStatistics(SqlDatabase db) {
        this.db = db;
    }

    @Override
    public Summary summarize(Instant from, Instant to, int topTags, Instant at) {
        long a = from.toEpochMilli();
        long b = to.toEpochMilli();
        long now = at.toEpochMilli();
        List<DayUploads> perDay = db.jdbc().query("""
                        SELECT %s AS day, COUNT(*) AS uploads, SUM(bytes) AS bytes
                        FROM images WHERE created_at >= ? AND created_at < ? AND %s GROUP BY day ORDER BY day""".formatted(
                        db.dialect().utcDay("created_at"), live("")),
                (rs, i) -> new DayUploads(LocalDate.parse(rs.getString("day")), rs.getLong("uploads"), rs.getLong("bytes")),
                a, b, now);
        List<FormatShare> formats = db.jdbc().query("""
                        SELECT format, COUNT(*) AS images, SUM(bytes) AS bytes
                        FROM images WHERE created_at >= ? AND created_at < ? AND %s GROUP BY format ORDER BY images DESC, format""".formatted(live("")),
                (rs, i) -> new FormatShare(ImageFormat.valueOf(rs.getString("format").toUpperCase(Locale.ROOT)),
                        rs.getLong("images"), rs.getLong("bytes")), a, b, now);
        List<TagCount> tags = db.jdbc().query("""
                        SELECT t.tag, COUNT(*) AS images FROM image_tags t JOIN images i ON i.id = t.image_id
                        WHERE i.created_at >= ? AND i.created_at < ? AND %s
                        GROUP BY t.tag ORDER BY images DESC, t.tag LIMIT ?""".formatted(live("i.")),
                (rs, i) -> new TagCount(rs.getString("tag"), rs.getLong("images")), a, b, now, topTags);
        return db.jdbc().queryForObject("SELECT COUNT(*) AS images, COALESCE(SUM(bytes), 0) AS bytes FROM images WHERE " + live(""),
                (rs, i) -> new Summary(perDay, formats, tags, rs.getLong("images"), rs.getLong("bytes")), now);
    }
}
