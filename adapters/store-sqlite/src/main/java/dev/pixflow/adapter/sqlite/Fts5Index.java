package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.FullTextIndex;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.SearchTerms;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Full text through SQLite's FTS5: {@code image_text} (porter-stemmed words) and {@code image_words}
 * (whole words, for prefixes), both keyed by the row of {@code search_docs} that names the image. With
 * a text, the matching documents are found first (a materialised set) and the images joined to them:
 * had the match been a condition on the images, SQLite would probe the whole set once per image.
 */
final class Fts5Index implements FullTextIndex {

    @Override
    public void put(JdbcTemplate jdbc, ImageId id, SearchDocument doc) {
        jdbc.update("INSERT INTO search_docs (image_id) VALUES (?) ON CONFLICT (image_id) DO NOTHING", id.value());
        Long docId = jdbc.queryForObject("SELECT doc FROM search_docs WHERE image_id = ?", Long.class, id.value());
        for (String table : List.of("image_text", "image_words")) {
            jdbc.update("DELETE FROM " + table + " WHERE rowid = ?", docId);
            jdbc.update("INSERT INTO " + table + " (rowid, named, described, incidental) VALUES (?, ?, ?, ?)",
                    docId, doc.named(), doc.described(), doc.incidental());
        }
    }

    @Override
    public String unindexedImages() {
        return "SELECT id FROM images WHERE id NOT IN (SELECT image_id FROM search_docs) LIMIT ?";
    }

    /**
     * The documents matching every word: all of them stemmed, or (the last word being typed) the
     * others stemmed and the last as the start of a word.
     */
    @Override
    public String with(SearchTerms t, List<Object> args) {
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
        return "WITH matched(doc) AS MATERIALIZED (" + String.join(" UNION ", sets) + ") ";
    }

    @Override
    public String from() {
        return "matched m JOIN search_docs d ON d.doc = m.doc JOIN images i ON i.id = d.image_id";
    }

    @Override
    public String matching(SearchTerms terms, List<Object> args) {
        return "";
    }

    @Override
    public String wordIn(String column, String word, List<Object> args) {
        args.add("{" + column + "} : " + phrase(word));
        return "d.doc IN (SELECT rowid FROM image_text WHERE image_text MATCH ?)";
    }

    @Override
    public String prefixIn(String column, String prefix, List<Object> args) {
        args.add("{" + column + "} : " + phrase(prefix) + " *");
        return "d.doc IN (SELECT rowid FROM image_words WHERE image_words MATCH ?)";
    }

    /** An FTS5 string: search words hold only letters and digits, but quoting keeps keywords (AND, NEAR) words. */
    private static String phrase(String word) {
        return "\"" + word.replace("\"", "\"\"") + "\"";
    }

    private static String allOf(List<String> words) {
        return String.join(" AND ", words.stream().map(Fts5Index::phrase).toList());
    }
}
