package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.Relevance;
import dev.pixflow.core.domain.SearchTerms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One listing or search as SQL over the embedded store: the owner's live images, the filter's
 * conditions, the full-text match through FTS5, the relevance score of {@link Relevance}, the order
 * and the cursor. The SQL text is built from fixed pieces only; every value is a parameter.
 */
final class SqliteListing {
    private static final String[] CLASSES = {"named", "described", "incidental"};
    private static final int[] WEIGHTS = {Relevance.NAMED, Relevance.DESCRIBED, Relevance.INCIDENTAL};

    final String sql;
    final List<Object> args;

    private SqliteListing(String sql, List<Object> args) {
        this.sql = sql;
        this.args = args;
    }

    /**
     * With a text, the matching documents are found first (a materialised set) and the images joined to
     * them: had the match been a condition on the images, SQLite would probe the whole set once per image.
     */
    static SqliteListing of(ImageQuery query, Instant now, String columns) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        query.text().ifPresent(t -> sql.append("WITH matched(doc) AS MATERIALIZED (").append(matching(t, args)).append(") "));
        StringBuilder inner = new StringBuilder("SELECT ").append(prefixed(columns, "i.")).append(", ");
        if (query.text().isPresent()) {
            inner.append(score(query.text().get(), args));
            inner.append(" AS score FROM matched m JOIN search_docs d ON d.doc = m.doc JOIN images i ON i.id = d.image_id WHERE ");
        } else {
            inner.append("0 AS score FROM images i WHERE ");
        }
        inner.append("i.owner = ? AND (i.expires_at IS NULL OR i.expires_at > ?)");
        args.add(query.owner());
        args.add(now.toEpochMilli());
        filter(query.filter(), inner, args);

        sql.append("SELECT * FROM (").append(inner).append(") q");
        query.after().ifPresent(c -> cursor(c, sql, args));
        sql.append(switch (query.sort()) {
            case NEWEST -> " ORDER BY created_at DESC, id DESC";
            case OLDEST -> " ORDER BY created_at ASC, id ASC";
            case RELEVANCE -> " ORDER BY score DESC, created_at DESC, id DESC";
        });
        sql.append(" LIMIT ?");
        args.add(query.limit() + 1);
        return new SqliteListing(sql.toString(), args);
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
     * The documents matching every word: all of them stemmed, or (the last word being typed) the
     * others stemmed and the last as the start of a word.
     */
    private static String matching(SearchTerms t, List<Object> args) {
        List<String> sets = new ArrayList<>();
        if (t.lastWord()) {
            List<String> all = new ArrayList<>(t.words());
            all.add(t.last());
            sets.add("SELECT rowid FROM image_text WHERE image_text MATCH ?");
            args.add(allOf(all));
        }
        StringBuilder prefix = new StringBuilder("SELECT doc FROM (SELECT rowid AS doc FROM image_words WHERE image_words MATCH ?");
        args.add(phrase(t.last()) + " *");
        if (!t.words().isEmpty()) {
            prefix.append(" INTERSECT SELECT rowid FROM image_text WHERE image_text MATCH ?");
            args.add(allOf(t.words()));
        }
        sets.add(prefix.append(")").toString());
        return String.join(" UNION ", sets);
    }

    /** Σ over query words and document classes of the class's weight where the word occurs in it. */
    private static String score(SearchTerms t, List<Object> args) {
        List<String> parts = new ArrayList<>();
        for (String word : t.words()) {
            for (int c = 0; c < CLASSES.length; c++) {
                parts.add("(CASE WHEN d.doc IN (SELECT rowid FROM image_text WHERE image_text MATCH ?) THEN "
                        + WEIGHTS[c] + " ELSE 0 END)");
                args.add("{" + CLASSES[c] + "} : " + phrase(word));
            }
        }
        for (int c = 0; c < CLASSES.length; c++) {
            StringBuilder hit = new StringBuilder("(CASE WHEN ");
            if (t.lastWord()) {
                hit.append("d.doc IN (SELECT rowid FROM image_text WHERE image_text MATCH ?) OR ");
                args.add("{" + CLASSES[c] + "} : " + phrase(t.last()));
            }
            hit.append("d.doc IN (SELECT rowid FROM image_words WHERE image_words MATCH ?) THEN ")
                    .append(WEIGHTS[c]).append(" ELSE 0 END)");
            args.add("{" + CLASSES[c] + "} : " + phrase(t.last()) + " *");
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

    /** An FTS5 string: search words hold only letters and digits, but quoting keeps keywords (AND, NEAR) words. */
    private static String phrase(String word) {
        return "\"" + word.replace("\"", "\"\"") + "\"";
    }

    private static String allOf(List<String> words) {
        return String.join(" AND ", words.stream().map(SqliteListing::phrase).toList());
    }

    private static String prefixed(String columns, String alias) {
        return String.join(", ", java.util.Arrays.stream(columns.split(","))
                .map(String::strip).map(c -> alias + c).toList());
    }
}
