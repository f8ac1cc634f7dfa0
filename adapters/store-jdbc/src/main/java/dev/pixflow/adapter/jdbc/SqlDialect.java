package dev.pixflow.adapter.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What really differs between the catalogue's databases; everything else is the one SQL of this
 * package. The embedded database has one writer at a time (its transactions begin IMMEDIATE and hold
 * the write lock), so it needs no row locks; the shared one has many, and locks rows.
 */
public interface SqlDialect {

    /** Appended to a SELECT that reads rows this transaction will change: empty or {@code FOR UPDATE}. */
    String forUpdate();

    /** Appended to a claim of work rows that other processes may be claiming at the same moment. */
    String skipLocked();

    /** The larger of two values: {@code MAX(a, b)} or {@code GREATEST(a, b)}. */
    String greatest(String a, String b);

    /** The values of {@code expression}, joined by commas in {@code order}. */
    String joined(String expression, String order);

    /** The UTC day (YYYY-MM-DD) of a column of epoch milliseconds. */
    String utcDay(String epochMillis);

    /**
     * Holds the lock named {@code lock} until this transaction ends, so the transactions taking it run
     * one after the other (where the database has a single writer, they already do).
     */
    void lockUntilCommit(JdbcTemplate jdbc, long lock);

    /**
     * Called in an appending transaction just before the event's insert: where sequences could commit
     * out of order (several writers), this serialises appends until the commit.
     */
    void beforeEventAppend(JdbcTemplate jdbc);

    /** The full-text index and its queries. */
    FullTextIndex fullText();
}
