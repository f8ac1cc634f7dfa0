package dev.pixflow.adapter.postgres;

import dev.pixflow.adapter.jdbc.FullTextIndex;
import dev.pixflow.adapter.jdbc.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;

/** PostgreSQL: many writers in many processes, so rows are locked, and work rows claimed skipping locked ones. */
final class PostgresDialect implements SqlDialect {
    /** The advisory lock that orders event appends; any constant no other code in the database uses. */
    static final long EVENT_APPEND_LOCK = 0x5049_5846_4c4f_5745L;

    private final FullTextIndex fullText = new TsvectorIndex();

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String greatest(String a, String b) {
        return "GREATEST(" + a + ", " + b + ")";
    }

    @Override
    public String joined(String expression, String order) {
        return "string_agg(" + expression + ", ',' ORDER BY " + order + ")";
    }

    @Override
    public String utcDay(String epochMillis) {
        return "to_char(to_timestamp(" + epochMillis + " / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    }

    /**
     * A bigserial is drawn when a row is inserted, not when it commits: two transactions may commit in
     * the other order, and a reader that had read past the later sequence would never see the earlier
     * one. So every append first takes one transaction-level advisory lock, held until commit: the next
     * appender waits, and sequences are drawn in commit order.
     */
    @Override
    public void beforeEventAppend(JdbcTemplate jdbc) {
        lockUntilCommit(jdbc, EVENT_APPEND_LOCK);
    }

    @Override
    public void lockUntilCommit(JdbcTemplate jdbc, long lock) {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", (rs, i) -> 1, lock);
    }

    @Override
    public FullTextIndex fullText() {
        return fullText;
    }
}
