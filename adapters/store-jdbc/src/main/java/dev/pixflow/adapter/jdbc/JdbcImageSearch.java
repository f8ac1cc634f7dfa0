package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.ImageSearch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Listings and full-text search through the dialect's index, duplicates by content, tag counts. */
public final class JdbcImageSearch implements ImageSearch {
    private final SqlDatabase db;
    private final ImageRows rows;

    JdbcImageSearch(SqlDatabase db, ImageRows rows) {
        this.db = db;
        this.rows = rows;
    }

    @Override
    public Page<ImageRecord> list(ImageQuery query, Instant now) {
        JdbcListing listing = JdbcListing.of(query, now, ImageRows.COLUMNS, db.dialect().fullText());
        List<Map.Entry<ImageRecord, Integer>> found = db.jdbc().query(listing.sql,
                (rs, i) -> Map.entry(ImageRows.row(rs), rs.getInt("score")), listing.args.toArray());
        Optional<PageCursor> next = Optional.empty();
        if (found.size() > query.limit()) {
            found = found.subList(0, query.limit());
            var last = found.getLast();
            next = Optional.of(PageCursor.after(query.sort(), last.getValue(), last.getKey()));
        }
        return new Page<>(rows.withDetails(found.stream().map(Map.Entry::getKey).toList()), next);
    }

    @Override
    public Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now) {
        return rows.newestWithBytes(owner, sha256, now);
    }

    @Override
    public List<TagCount> tags(String owner, Instant now, int limit) {
        return db.jdbc().query("""
                SELECT t.tag, COUNT(*) AS n FROM image_tags t JOIN images i ON i.id = t.image_id
                WHERE i.owner = ? AND (i.expires_at IS NULL OR i.expires_at > ?)
                GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?""",
                (rs, i) -> new TagCount(rs.getString(1), rs.getLong(2)), owner, now.toEpochMilli(), limit);
    }
}
