package dev.pixflow.adapter.postgres;

import dev.pixflow.adapter.jdbc.FullTextIndex;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.SearchTerms;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Full text in PostgreSQL: {@code image_search} keeps a weighted tsvector (labels A, B, C for named,
 * described and incidental words; stemmed words) and the plain words, trigram-indexed, for the prefix
 * of the word being typed.
 */
final class TsvectorIndex implements FullTextIndex {

    @Override
    public void put(JdbcTemplate jdbc, ImageId id, SearchDocument doc) {
        jdbc.update("""
                INSERT INTO image_search (image_id, named, described, incidental) VALUES (?, ?, ?, ?)
                ON CONFLICT (image_id) DO UPDATE SET named = excluded.named, described = excluded.described,
                    incidental = excluded.incidental""", id.value(), doc.named(), doc.described(), doc.incidental());
    }

    @Override
    public String unindexedImages() {
        return "SELECT id FROM images i WHERE NOT EXISTS (SELECT 1 FROM image_search s WHERE s.image_id = i.id) LIMIT ?";
    }

    @Override
    public String with(SearchTerms terms, List<Object> args) {
        return "";
    }

    @Override
    public String from() {
        return "images i JOIN image_search s ON s.image_id = i.id";
    }

    /** Every word stemmed, and the last one stemmed or as the start of a word. */
    @Override
    public String matching(SearchTerms t, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        if (!t.words().isEmpty()) {
            sql.append(" AND s.tsv @@ to_tsquery('english', ?)");
            args.add(String.join(" & ", t.words()));
        }
        if (t.lastWord()) {
            sql.append(" AND (s.tsv @@ to_tsquery('english', ?) OR s.words LIKE ?)");
            args.add(t.last());
        } else {
            sql.append(" AND s.words LIKE ?");
        }
        args.add(startOfWord(t.last()));
        return sql.toString();
    }

    @Override
    public String wordIn(String column, String word, List<Object> args) {
        args.add(word + ":" + label(column));
        return "s.tsv @@ to_tsquery('english', ?)";
    }

    @Override
    public String prefixIn(String column, String prefix, List<Object> args) {
        args.add(startOfWord(prefix));
        return "(' ' || s." + column + ") LIKE ?";
    }

    private static String label(String column) {
        return switch (column) {
            case "named" -> "A";
            case "described" -> "B";
            case "incidental" -> "C";
            default -> throw new IllegalArgumentException("no search class " + column);
        };
    }

    /** Search words hold only letters and digits, so nothing in them is special to LIKE. */
    private static String startOfWord(String prefix) {
        return "% " + prefix + "%";
    }
}
