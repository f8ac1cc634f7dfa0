package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.Outbox;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Jobs written with their catalogue changes, handed to an external queue (SQS) by relays in any number
 * of processes: each takes its rows (skipping rows another relay holds, where the database has row
 * locks; under the embedded database's one write lock otherwise), hands them over and deletes them in
 * the same transaction, so no two relays send one row, and a relay that dies mid-way leaves its rows
 * for the others.
 */
public final class JdbcOutbox implements Outbox {
    private final SqlDatabase db;
    private final JobTable jobs;

    public JdbcOutbox(SqlDatabase db, JobTable jobs) {
        this.db = db;
        this.jobs = jobs;
    }

    @Override
    public int drain(int max, Consumer<List<JobSpec>> send) {
        Integer handed = db.tx().execute(status -> {
            record Row(long id, JobSpec spec) {
            }
            List<Row> rows = db.jdbc().query("SELECT id, " + JobRows.COLUMNS + " FROM " + jobs.table()
                            + " WHERE " + jobs.waiting() + " ORDER BY id LIMIT ?" + db.dialect().skipLocked(),
                    (rs, i) -> new Row(rs.getLong("id"), JobRows.spec(rs)),
                    max);
            if (rows.isEmpty()) {
                return 0;
            }
            send.accept(rows.stream().map(Row::spec).toList());
            db.jdbc().update("DELETE FROM " + jobs.table() + " WHERE id IN (" + placeholders(rows.size()) + ")",
                    rows.stream().map(Row::id).toArray());
            return rows.size();
        });
        return handed == null ? 0 : handed;
    }

    @Override
    public void onWaiting(Runnable listener) {
        db.onJobsWritten(listener);
    }

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
