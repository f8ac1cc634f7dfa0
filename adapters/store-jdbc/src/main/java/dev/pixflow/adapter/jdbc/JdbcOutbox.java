package dev.pixflow.adapter.postgres;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.Outbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * The outbox table, drained by relays in several processes at once: each takes its rows with
 * {@code FOR UPDATE SKIP LOCKED}, hands them to the queue and deletes them in the same transaction,
 * so no two relays send one row, and a relay that dies mid-way leaves its rows for the others.
 */
public final class PostgresOutbox implements Outbox {
    private final PostgresDatabase db;

    public PostgresOutbox(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public int drain(int max, Consumer<List<JobSpec>> send) {
        Integer handed = db.tx().execute(status -> {
            record Row(long id, JobSpec spec) {
            }
            List<Row> rows = db.jdbc().query("""
                    SELECT id, image_id, variants, renditions FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                    (rs, i) -> new Row(rs.getLong("id"),
                            JobRows.spec(rs.getString("image_id"), rs.getString("variants"), rs.getString("renditions"))),
                    max);
            if (rows.isEmpty()) {
                return 0;
            }
            send.accept(rows.stream().map(Row::spec).toList());
            db.jdbc().update("DELETE FROM outbox WHERE id = ANY (?)",
                    (Object) rows.stream().map(Row::id).toArray(Long[]::new));
            return rows.size();
        });
        return handed == null ? 0 : handed;
    }

    @Override
    public void onWaiting(Runnable listener) {
        db.addOutboxListener(listener);
    }
}
