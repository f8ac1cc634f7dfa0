package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.FullTextIndex;
import dev.pixflow.adapter.jdbc.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQLite: one writer at a time, whose IMMEDIATE transactions hold the database's write lock from their
 * first statement, so nothing needs a row lock and appends commit in the order they are made.
 */
final class SqliteDialect implements SqlDialect {
    private final FullTextIndex fullText = new Fts5Index();

    @Override
    public String forUpdate() {
        return "";
    }

    @Override
    public String skipLocked() {
        return "";
    }

    @Override
    public String greatest(String a, String b) {
        return "MAX(" + a + ", " + b + ")";
    }

    @Override
    public String joined(String expression, String order) {
        return "group_concat(" + expression + ", ',' ORDER BY " + order + ")";
    }

    @Override
    public String utcDay(String epochMillis) {
        return "date(" + epochMillis + " / 1000, 'unixepoch')";
    }

    @Override
    public void beforeEventAppend(JdbcTemplate jdbc) {
        // The transaction already holds the write lock: sequences are drawn in commit order.
    }

    @Override
    public void lockUntilCommit(JdbcTemplate jdbc, long lock) {
        // The transaction already holds the write lock, which serialises every writer.
    }

    @Override
    public FullTextIndex fullText() {
        return fullText;
    }
}
