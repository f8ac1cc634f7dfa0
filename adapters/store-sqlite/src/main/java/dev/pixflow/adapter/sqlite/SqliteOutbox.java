package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.Outbox;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The jobs table as an outbox, when the jobs themselves run on an external queue (SQS): the catalogue
 * keeps writing each record and its job in one transaction, and a relay moves the job rows out. The
 * rows are read, handed over and deleted inside one IMMEDIATE transaction, so two relays never send
 * the same row.
 */
public final class SqliteOutbox implements Outbox {
    private final SqliteDatabase db;

    public SqliteOutbox(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public int drain(int max, Consumer<List<JobSpec>> send) {
        Integer handed = db.tx().execute(status -> {
            record Row(long id, JobSpec spec) {
            }
            List<Row> rows = db.jdbc().query("""
                    SELECT id, image_id, variants, renditions FROM jobs WHERE state = 'queued'
                    ORDER BY id LIMIT ?""",
                    (rs, i) -> new Row(rs.getLong("id"),
                            SqliteJobQueue.spec(rs.getString("image_id"), rs.getString("variants"), rs.getString("renditions"))),
                    max);
            if (rows.isEmpty()) {
                return 0;
            }
            send.accept(rows.stream().map(Row::spec).toList());
            String in = String.join(",", Collections.nCopies(rows.size(), "?"));
            db.jdbc().update("DELETE FROM jobs WHERE id IN (" + in + ")", rows.stream().map(Row::id).toArray());
            return rows.size();
        });
        return handed == null ? 0 : handed;
    }

    @Override
    public void onWaiting(Runnable listener) {
        db.addWorkListener(listener);
    }
}
