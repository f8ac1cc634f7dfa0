package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.MetadataStoreContract;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.port.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue contract on the embedded database; its jobs go to the jobs table of the same file. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteJobQueue queue;
    private SqliteMetadataStore store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        queue = new SqliteJobQueue(db, Clock.systemUTC(), 3);
        store = new SqliteMetadataStore(db, queue);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected MetadataStore store() {
        return store;
    }

    @Override
    protected List<JobSpec> handedOver() {
        List<JobSpec> jobs = new ArrayList<>();
        for (var j = queue.lease("test", Duration.ofMinutes(1)); j.isPresent(); j = queue.lease("test", Duration.ofMinutes(1))) {
            jobs.add(j.get().spec());
            queue.acknowledge(j.get());
        }
        return jobs;
    }

    @Test
    void cursorRoundTrips() {
        PageCursor c = new PageCursor(1767225600123L, new ImageId("0190a000-0000-7000-8000-000000000042"));
        assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
    }
}
