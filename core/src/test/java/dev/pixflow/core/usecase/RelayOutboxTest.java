package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.Outbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayOutboxTest {

    /** An outbox as the stores keep it: rows leave only when the send returned. */
    static final class ListOutbox implements Outbox {
        final List<JobSpec> rows = new ArrayList<>();

        @Override
        public int drain(int max, Consumer<List<JobSpec>> send) {
            List<JobSpec> batch = List.copyOf(rows.subList(0, Math.min(max, rows.size())));
            if (batch.isEmpty()) {
                return 0;
            }
            send.accept(batch);
            rows.subList(0, batch.size()).clear();
            return batch.size();
        }

        @Override
        public void onWaiting(Runnable listener) {
        }
    }

    static final class RecordingQueue implements JobQueue {
        final List<List<JobSpec>> calls = new ArrayList<>();
        boolean down;

        @Override
        public void enqueue(JobSpec job) {
            enqueueAll(List.of(job));
        }

        @Override
        public void enqueueAll(List<JobSpec> jobs) {
            if (down) {
                throw new IllegalStateException("queue unreachable");
            }
            calls.add(jobs);
        }

        @Override public Optional<LeasedJob> lease(String workerId, Duration leaseFor) { return Optional.empty(); }
        @Override public boolean acknowledge(LeasedJob job) { return false; }
        @Override public boolean extend(LeasedJob job, Duration leaseFor) { return false; }
        @Override public boolean fail(LeasedJob job, String error, Duration retryAfter) { return false; }
        @Override public QueueStats stats() { return new QueueStats(0, 0, 0, Duration.ZERO); }
        @Override public List<DeadJob> deadJobs(int limit) { return List.of(); }
        @Override public int redrive(List<Long> ids) { return 0; }
        @Override public int discard(List<Long> ids) { return 0; }
        @Override public void onWorkAvailable(Runnable listener) { }
    }

    private static JobSpec job(int n) {
        return new JobSpec(new ImageId("0190a000-0000-7000-8000-%012d".formatted(n)), List.of("thumb"));
    }

    @Test
    void relaysEverythingWaitingInBatches() {
        ListOutbox outbox = new ListOutbox();
        for (int i = 0; i < 25; i++) {
            outbox.rows.add(job(i));
        }
        RecordingQueue queue = new RecordingQueue();
        assertThat(new RelayOutbox(outbox, queue, Duration.ofSeconds(1)).relayWaiting()).isEqualTo(25);
        assertThat(queue.calls).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(outbox.rows).isEmpty();
    }

    @Test
    void aQueueThatFailsLeavesTheJobsInTheOutbox() {
        ListOutbox outbox = new ListOutbox();
        outbox.rows.add(job(1));
        RecordingQueue queue = new RecordingQueue();
        queue.down = true;
        RelayOutbox relay = new RelayOutbox(outbox, queue, Duration.ofSeconds(1));
        assertThatThrownBy(relay::relayWaiting).hasMessageContaining("unreachable");
        assertThat(outbox.rows).containsExactly(job(1));

        queue.down = false;
        assertThat(relay.relayWaiting()).isEqualTo(1);
        assertThat(outbox.rows).isEmpty();
    }
}
