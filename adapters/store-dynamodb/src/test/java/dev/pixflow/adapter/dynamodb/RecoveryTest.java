package dev.pixflow.adapter.dynamodb;

import dev.pixflow.contract.MovableClock;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.testing.servers.DynaliteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pixflow.adapter.dynamodb.Attrs.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a process dying between the steps of a change leaves, and how the next one finishes it: the
 * failures that DynamoDB's single-item writes make this adapter handle and the SQL stores' transactions
 * never see. The process is simulated by writing what it would have left; the wall clock is moved past
 * its leases.
 */
class RecoveryTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynaliteServer server;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private DynamoDbClient client;
    private Table table;
    private DynamoStores stores;

    @BeforeAll
    static void start() {
        server = DynaliteServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void open() {
        client = OnDynalite.client(server.endpoint());
        String name = "recovery-" + TABLES.incrementAndGet();
        CatalogueTable.create(client, name);
        table = new Table(client, name, clock);
        stores = new DynamoStores(client, name, clock);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ImageRecord image(int seq, Optional<Instant> expiresAt) {
        ImageId id = new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq));
        Instant at = Instant.parse("2026-06-01T11:00:00Z").plusMillis(seq);
        return new ImageRecord(id, "ana", ImageStatus.PROCESSING, "IMG_%04d.jpg".formatted(seq), ImageFormat.JPEG, 1234,
                640, 480, false, "cd".repeat(32), BlobKey.content("cd".repeat(32)), new ImageMetadata("t", null, List.of()),
                at, at, Map.of(), List.of(), dev.pixflow.core.domain.Exif.NONE, expiresAt);
    }

    /** The item a create writes, as a writer that died before appending its event left it. */
    private ImageEvent leftByADeadWriter(ImageRecord r, JobSpec job) {
        ImageEvent stored = ImageEvent.stored(r, r.createdAt());
        Map<String, AttributeValue> item = new HashMap<>(ImageItems.of(r));
        item.put(ImageItems.JOBS, map(Map.of("job-1", ImageItems.job(job, clock.millis()))));
        item.put(ImageItems.EVENTS, map(Map.of(stored.id().toString(), PendingWork.event(stored, clock.millis()))));
        item.put(CatalogueTable.WORK.pk, s(PendingWork.WORK_INDEX));
        item.put(CatalogueTable.WORK.sk, s(Keys.timed(clock.millis(), r.id().value())));
        table.replace(item);
        return stored;
    }

    @Test
    void anEventLeftInAnItemIsAppendedOnceByTheRelayAfterItsWriterDied() {
        ImageRecord r = image(1, Optional.empty());
        JobSpec job = new JobSpec(r.id(), List.of("thumb"));
        ImageEvent stored = leftByADeadWriter(r, job);

        List<JobSpec> sent = new ArrayList<>();
        assertThat(stores.outbox().drain(10, sent::addAll)).isEqualTo(1);
        assertThat(sent).containsExactly(job);
        assertThat(stores.events().after(0, 10)).as("its writer may still be appending it").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(stores.outbox().drain(10, sent::addAll)).isZero();
        List<LoggedEvent> logged = stores.events().after(0, 10);
        assertThat(logged).extracting(e -> e.event().id()).containsExactly(stored.id());
        assertThat(logged.getFirst().event().type()).isEqualTo(EventType.IMAGE_STORED);

        clock.advance(Duration.ofMinutes(1));
        stores.outbox().drain(10, sent::addAll);
        assertThat(stores.events().after(0, 10)).as("appended once").hasSize(1);
        assertThat(table.get(Keys.image(r.id()), Keys.IMAGE).orElseThrow()).as("out of the work index")
                .doesNotContainKey(CatalogueTable.WORK.pk);
        assertThat(sent).hasSize(1);
    }

    @Test
    void anEventAlreadyAppendedBeforeItsWriterDiedIsNotAppendedAgain() {
        ImageRecord r = image(2, Optional.empty());
        ImageEvent stored = leftByADeadWriter(r, new JobSpec(r.id(), List.of()));
        stores.events().append(stored);

        clock.advance(Duration.ofMinutes(1));
        stores.outbox().drain(10, jobs -> { });
        assertThat(stores.events().after(0, 10)).extracting(e -> e.event().id()).containsExactly(stored.id());
    }

    @Test
    void aRemovalCutOffAfterItsMarkIsFinishedBySweepOnceItsLeaseRunsOut() {
        Instant expiry = Instant.parse("2026-06-01T11:30:00Z");
        ImageRecord r = image(3, Optional.of(expiry));
        stores.references().retainBlob(r.originalKey());
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        // A removal marked the image and died.
        Expr e = new Expr();
        table.update(Keys.image(r.id()), Keys.IMAGE, e, "SET " + e.name(ImageItems.REMOVED) + " = " + e.value(s("dead"))
                + ", " + e.name(ImageItems.REMOVED_UNTIL) + " = " + e.value(n(clock.millis() + 90_000)), null);

        Instant now = clock.instant();
        List<BlobKey> deleted = new ArrayList<>();
        assertThat(stores.records().find(r.id())).isEmpty();
        assertThat(stores.expirations().expired(now, 10)).as("the removal may still be running").isEmpty();
        assertThat(stores.records().remove(r.id(), now, Optional.of(expiry), deleted::add)).isEmpty();

        clock.advance(Duration.ofSeconds(91));
        assertThat(stores.expirations().expired(clock.instant(), 10)).extracting(ImageRecord::id).containsExactly(r.id());
        assertThat(stores.records().remove(r.id(), clock.instant(), Optional.of(expiry), deleted::add)).isPresent();
        assertThat(deleted).containsExactly(r.originalKey());
        assertThat(stores.expirations().tombstone(r.id())).isPresent();
        assertThat(stores.events().after(0, 10)).extracting(ev -> ev.event().type())
                .containsExactly(EventType.IMAGE_STORED, EventType.IMAGE_EXPIRED);
    }
}
