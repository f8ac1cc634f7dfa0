package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteOutboxTest {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteMetadataStore store;
    private SqliteOutbox outbox;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        store = new SqliteMetadataStore(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
        outbox = new SqliteOutbox(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ImageRecord image(int n) {
        ImageId id = new ImageId("0190a000-0000-7000-8000-%012d".formatted(n));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new ImageRecord(id, "anonymous", ImageStatus.PROCESSING, "a.jpg", ImageFormat.JPEG, 1, 1, 1, false,
                "ab".repeat(32), BlobKey.original(id, at), ImageMetadata.empty(), at, at, Map.of());
    }

    @Test
    void aCommittedRecordsJobIsHandedOverOnceThenGone() {
        AtomicInteger signals = new AtomicInteger();
        outbox.onWaiting(signals::incrementAndGet);
        ImageRecord r = image(1);
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(signals.get()).isEqualTo(1);

        List<JobSpec> sent = new ArrayList<>();
        assertThat(outbox.drain(10, sent::addAll)).isEqualTo(1);
        assertThat(sent).containsExactly(new JobSpec(r.id(), List.of("thumb")));
        assertThat(outbox.drain(10, sent::addAll)).isZero();
    }

    @Test
    void aSendThatFailsLeavesTheJobsWaiting() {
        ImageRecord r = image(2);
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThatThrownBy(() -> outbox.drain(10, jobs -> {
            throw new IllegalStateException("queue unreachable");
        })).hasMessageContaining("unreachable");
        List<JobSpec> sent = new ArrayList<>();
        assertThat(outbox.drain(10, sent::addAll)).isEqualTo(1);
    }
}
