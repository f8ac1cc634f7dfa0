package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.Relevance;
import dev.pixflow.core.domain.SearchTerms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One listing or search as SQL: the owner's live images, the filter's conditions, the full-text match
 * of the database's {@link FullTextIndex}, the relevance score of {@link Relevance}, the order and the
 * cursor. The SQL text is built from fixed pieces only; every value is a parameter.
 */
final class JdbcListing {
    private static final String[] CLASSES = {"named", "described", "incidental"};
    private static final int[] WEIGHTS = {Relevance.NAMED, Relevance.DESCRIBED, Relevance.INCIDENTAL};

    final String sql;
    final List<Object> args;

    private JdbcListing(String sql, List<Object> args) {
        this.sql = sql;
        this.args = args;
    }

    static JdbcListing of(ImageQuery query, Instant now, String columns, FullTextIndex index) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        StringBuilder inner = new StringBuilder("SELECT ").append(prefixed(columns)).append(", ");
        if (query.text().isPresent()) {
            SearchTerms terms = query.text().get();
            sql.append(index.with(terms, args));
            inner.append(score(terms, index, args)).append(" AS score FROM ").append(index.from()).append(" WHERE ");
        } else {
            inner.append("0 AS score FROM images i WHERE ");
        }
        inner.append("i.owner = ? AND (i.expires_at IS NULL OR i.expires_at > ?)");
        args.add(query.owner());
        args.add(now.toEpochMilli());
        filter(query.filter(), inner, args);
        query.text().ifPresent(terms -> inner.append(index.matching(terms, args)));

        sql.append("SELECT * FROM (").append(inner).append(") q");
        query.after().ifPresent(c -> cursor(c, sql, args));
        sql.append(switch (query.sort()) {
            case NEWEST -> " ORDER BY created_at DESC, id DESC";
            case OLDEST -> " ORDER BY created_at ASC, id ASC";
            case RELEVANCE -> " ORDER BY score DESC, created_at DESC, id DESC";
        });
        sql.append(" LIMIT ?");
        args.add(query.limit() + 1);
        return new JdbcListing(sql.toString(), args);
    }

    private static void filter(ImageFilter f, StringBuilder sql, List<Object> args) {
        for (String tag : f.tags()) {
            sql.append(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag = ?)");
            args.add(tag);
        }
        f.createdFrom().ifPresent(at -> condition(sql, args, "i.created_at >= ?", at.toEpochMilli()));
        f.createdTo().ifPresent(at -> condition(sql, args, "i.created_at < ?", at.toEpochMilli()));
        f.takenFrom().ifPresent(at -> condition(sql, args, "i.taken_at >= ?", at.toEpochMilli()));
        f.takenTo().ifPresent(at -> condition(sql, args, "i.taken_at < ?", at.toEpochMilli()));
        f.format().ifPresent(format -> condition(sql, args, "i.format = ?", format.id()));
        f.minWidth().ifPresent(w -> condition(sql, args, "i.width >= ?", w));
        f.minHeight().ifPresent(h -> condition(sql, args, "i.height >= ?", h));
        f.orientation().ifPresent(o -> sql.append(switch (o) {
            case LANDSCAPE -> " AND i.width > i.height";
            case PORTRAIT -> " AND i.width < i.height";
            case SQUARE -> " AND i.width = i.height";
        }));
        f.hasGps().ifPresent(gps -> sql.append(gps ? " AND i.gps_lat IS NOT NULL" : " AND i.gps_lat IS NULL"));
        f.status().ifPresent(s -> condition(sql, args, "i.status = ?", s.id()));
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        sql.append(" AND ").append(condition);
        args.add(value);
    }

    /**
     * Σ over query words and document classes of the class's weight where the word occurs in it; the
     * last word (being typed) also counts where a word starts with it.
     */
    private static String score(SearchTerms t, FullTextIndex index, List<Object> args) {
        List<String> parts = new ArrayList<>();
        for (String word : t.words()) {
            for (int c = 0; c < CLASSES.length; c++) {
                parts.add("(CASE WHEN " + index.wordIn(CLASSES[c], word, args) + " THEN " + WEIGHTS[c] + " ELSE 0 END)");
            }
        }
        for (int c = 0; c < CLASSES.length; c++) {
            StringBuilder hit = new StringBuilder("(CASE WHEN ");
            if (t.lastWord()) {
                hit.append(index.wordIn(CLASSES[c], t.last(), args)).append(" OR ");
            }
            hit.append(index.prefixIn(CLASSES[c], t.last(), args)).append(" THEN ").append(WEIGHTS[c]).append(" ELSE 0 END)");
            parts.add(hit.toString());
        }
        return "(" + String.join(" + ", parts) + ")";
    }

    private static void cursor(PageCursor c, StringBuilder sql, List<Object> args) {
        switch (c.sort()) {
            case NEWEST -> {
                sql.append(" WHERE (created_at < ? OR (created_at = ? AND id < ?))");
                args.addAll(List.of(c.createdAtMillis(), c.createdAtMillis(), c.id().value()));
            }
            case OLDEST -> {
                sql.append(" WHERE (created_at > ? OR (created_at = ? AND id > ?))");
                args.addAll(List.of(c.createdAtMillis(), c.createdAtMillis(), c.id().value()));
            }
            case RELEVANCE -> {
                sql.append(" WHERE (score < ? OR (score = ? AND (created_at < ? OR (created_at = ? AND id < ?))))");
                args.addAll(List.of(c.score(), c.score(), c.createdAtMillis(), c.createdAtMillis(), c.id().value()));
            }
        }
    }

    private static String prefixed(String columns) {
        return String.join(", ", Arrays.stream(columns.split(",")).map(String::strip).map(c -> "i." + c).toList());
    }
}
