package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.JobSpec;

import java.time.Instant;

/**
 * Where the catalogue writes a job in the transaction of the change that made it: the embedded queue's
 * own table, or an outbox that a relay moves to an external queue. Either way, no job names an image
 * that was not committed, and no committed image is left without its job.
 */
public interface JobTable {

    /** Writes the job in the caller's transaction; its id (until an outbox relays it, the job's id). */
    long insert(JobSpec job, Instant at);

    /** The table's name. */
    String table();

    /** The condition of its rows waiting to be relayed to an external queue. */
    String waiting();
}
