package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.port.EventLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link EventLog} keeps, and what its catalogue appends in its own transactions: an
 * image stored, a rendition ready (with its render time), an image deleted or expired; in order, each
 * once, readable after a position and within a time window. A failed catalogue write appends nothing.
 */
public abstract class EventLogContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private Instant clock = Instant.parse("2026-06-01T00:00:00Z");
    private final AtomicInteger seq = new AtomicInteger();

    private synchronized ImageDraft draft() {
        Instant at = clock;
        clock = clock.plus(Duration.ofSeconds(1));
        return new ImageDraft(seq.incrementAndGet(), at);
    }

    private ImageRecord upload(ImageDraft draft) {
        ImageRecord r = draft.build();
        stores.references().retainBlob(r.originalKey());
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    private List<ImageEvent> all() {
        return stores.events().after(0, 1000).stream().map(LoggedEvent::event).toList();
    }

    @Test
    void anImageStoredIsLoggedWithItsRecord() {
        ImageRecord r = upload(draft().owner("ana").size(800, 600));

        List<LoggedEvent> logged = stores.events().after(0, 10);
        assertThat(logged).hasSize(1);
        ImageEvent e = logged.getFirst().event();
        assertThat(e.type()).isEqualTo(EventType.IMAGE_STORED);
        assertThat(e.imageId()).isEqualTo(r.id());
        assertThat(e.owner()).isEqualTo("ana");
        assertThat(e.occurredAt()).isEqualTo(r.createdAt());
        assertThat(e.format()).contains(ImageFormat.JPEG);
        assertThat(e.bytes()).isEqualTo(r.bytes());
        assertThat(e.width()).isEqualTo(800);
        assertThat(e.height()).isEqualTo(600);
        assertThat(e.variant()).isEmpty();
        assertThat(e.renderTime()).isEmpty();
        assertThat(stores.events().after(logged.getFirst().sequence(), 10)).isEmpty();
    }

    @Test
    void aCreateThatFailsLogsNothing() {
        ImageRecord r = upload(draft());
        assertThatThrownBy(() -> stores.records().create(r, new JobSpec(r.id(), List.of("thumb")))).isInstanceOf(RuntimeException.class);
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED);
    }

    @Test
    void aRenditionReadyIsLoggedWithItsRenderTimeAndNotForAGoneImage() {
        ImageRecord r = upload(draft().owner("bo"));
        Instant at = clock.plusMillis(250);
        Rendition thumb = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.WEBP),
                ImageFormat.WEBP, 256, 192, 4321, "cd".repeat(32), at);
        assertThat(stores.renditions().putRenditions(r.id(), List.of(thumb), Duration.ofNanos(37_123_000), at)).isTrue();

        ImageEvent e = all().getLast();
        assertThat(e.type()).isEqualTo(EventType.RENDITION_READY);
        assertThat(e.imageId()).isEqualTo(r.id());
        assertThat(e.owner()).isEqualTo("bo");
        assertThat(e.variant()).contains("thumb");
        assertThat(e.format()).contains(ImageFormat.WEBP);
        assertThat(e.bytes()).isEqualTo(4321);
        assertThat(e.width()).isEqualTo(256);
        assertThat(e.height()).isEqualTo(192);
        assertThat(e.renderTime()).as("kept to the microsecond").contains(Duration.ofNanos(37_123_000));
        assertThat(e.occurredAt()).isEqualTo(at);

        stores.records().remove(r.id(), at, Optional.empty(), key -> { });
        assertThat(stores.renditions().putRenditions(r.id(), List.of(thumb), Duration.ofMillis(5), at)).isFalse();
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED,
                EventType.RENDITION_READY, EventType.IMAGE_DELETED);
    }

    @Test
    void theSameBytesRecordedAgainAreNothingNew() {
        ImageRecord r = upload(draft().owner("di"));
        Instant at = clock.plusMillis(250);
        BlobKey key = BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.WEBP);
        Rendition thumb = new Rendition("thumb", key, ImageFormat.WEBP, 256, 192, 4321, "cd".repeat(32), at);
        assertThat(stores.renditions().putRenditions(r.id(), List.of(thumb), Duration.ofMillis(10), at)).isTrue();
        ImageRecord first = stores.records().find(r.id()).orElseThrow();

        // The worker's render of a rendition a request made first: the first stored stays, so it describes those bytes again.
        Rendition again = new Rendition("thumb", key, ImageFormat.WEBP, 256, 192, 4321, "cd".repeat(32), at.plusSeconds(1));
        assertThat(stores.renditions().putRenditions(r.id(), List.of(again), Duration.ofMillis(20), at.plusSeconds(1))).isTrue();
        ImageRecord after = stores.records().find(r.id()).orElseThrow();
        assertThat(after.renditions().get("thumb")).isEqualTo(thumb);
        assertThat(after.updatedAt()).as("the record's version").isEqualTo(first.updatedAt());
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED, EventType.RENDITION_READY);

        // The worker's render of every variant, one of them made before by a request: the others are news, that one not.
        Rendition medium = new Rendition("medium", BlobKey.rendition(r.id(), "medium", "bbbb", ImageFormat.WEBP), ImageFormat.WEBP,
                1024, 768, 50_000, "ab".repeat(32), at.plusSeconds(1));
        assertThat(stores.renditions().putRenditions(r.id(), List.of(medium, again), Duration.ofMillis(20), at.plusSeconds(1))).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions()).containsEntry("medium", medium).containsEntry("thumb", thumb);
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED, EventType.RENDITION_READY,
                EventType.RENDITION_READY);

        // Other bytes under the name are news.
        Rendition other = new Rendition("thumb", key, ImageFormat.WEBP, 256, 192, 4400, "ef".repeat(32), at.plusSeconds(2));
        assertThat(stores.renditions().putRenditions(r.id(), List.of(other), Duration.ofMillis(20), at.plusSeconds(2))).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions().get("thumb")).isEqualTo(other);
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED, EventType.RENDITION_READY,
                EventType.RENDITION_READY, EventType.RENDITION_READY);
    }

    @Test
    void theRenditionsOfOneRenderAreRecordedTogetherWithAnEventEach() {
        ImageRecord r = upload(draft().owner("cy"));
        Instant at = clock.plusMillis(300);
        List<Rendition> made = List.of(
                new Rendition("large", BlobKey.rendition(r.id(), "large", "aaaa", ImageFormat.JPEG), ImageFormat.JPEG,
                        2048, 1365, 300_000, "aa".repeat(32), at),
                new Rendition("medium", BlobKey.rendition(r.id(), "medium", "bbbb", ImageFormat.JPEG), ImageFormat.JPEG,
                        1024, 683, 90_000, "bb".repeat(32), at),
                new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "cccc", ImageFormat.JPEG), ImageFormat.JPEG,
                        256, 256, 12_000, "cc".repeat(32), at));

        assertThat(stores.renditions().putRenditions(r.id(), made, Duration.ofMillis(80), at)).isTrue();

        assertThat(stores.records().find(r.id()).orElseThrow().renditions().values()).containsExactlyInAnyOrderElementsOf(made);
        List<ImageEvent> ready = all().stream().filter(e -> e.type() == EventType.RENDITION_READY).toList();
        assertThat(ready).extracting(e -> e.variant().orElseThrow()).containsExactly("large", "medium", "thumb");
        assertThat(ready).allSatisfy(e -> {
            assertThat(e.owner()).isEqualTo("cy");
            assertThat(e.renderTime()).contains(Duration.ofMillis(80));
        });
        assertThat(ready).extracting(ImageEvent::bytes).containsExactly(300_000L, 90_000L, 12_000L);
    }

    @Test
    void aRemovalIsLoggedAsDeletedOrExpiredOnce() {
        ImageRecord deleted = upload(draft().sha256("01".repeat(32)));
        ImageRecord expired = upload(draft().sha256("02".repeat(32)).expiresAt(clock));
        Instant at = clock.plus(Duration.ofHours(1));

        assertThat(stores.records().remove(deleted.id(), at, Optional.empty(), key -> { })).isPresent();
        assertThat(stores.records().remove(expired.id(), at, expired.expiresAt(), key -> { })).isPresent();
        assertThat(stores.records().remove(deleted.id(), at, Optional.empty(), key -> { })).as("already gone").isEmpty();

        List<ImageEvent> gone = all().subList(2, all().size());
        assertThat(gone).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_DELETED, EventType.IMAGE_EXPIRED);
        assertThat(gone).extracting(ImageEvent::imageId).containsExactly(deleted.id(), expired.id());
        assertThat(gone).extracting(ImageEvent::occurredAt).containsOnly(at);
        assertThat(gone.getFirst().width()).isEqualTo(deleted.width());
    }

    @Test
    void aRemovalWhoseBytesCannotBeDeletedLogsNothing() {
        ImageRecord r = upload(draft().sha256("03".repeat(32)));
        assertThatThrownBy(() -> stores.records().remove(r.id(), clock, Optional.empty(), key -> {
            throw new java.io.IOException("storage down");
        })).isInstanceOf(RuntimeException.class);
        assertThat(all()).extracting(ImageEvent::type).containsExactly(EventType.IMAGE_STORED);
    }

    @Test
    void appendedEventsComeBackWhole() {
        ImageId image = new ImageId("0190a000-0000-7000-8000-000000009999");
        ImageEvent dead = ImageEvent.jobDead(image, "ana", Optional.of("large"), "IOException: gone", clock);
        stores.events().append(dead);

        assertThat(stores.events().after(0, 10)).extracting(LoggedEvent::event).containsExactly(dead);
    }

    @Test
    void readersPageAfterASequenceAndWithinATimeWindow() {
        List<ImageEvent> appended = new ArrayList<>();
        Instant start = clock;
        for (int i = 0; i < 7; i++) {
            ImageEvent e = ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-%012d".formatted(500 + i)), "ana",
                    Optional.empty(), "failed " + i, start.plus(Duration.ofMinutes(i)));
            stores.events().append(e);
            appended.add(e);
        }
        List<LoggedEvent> first = stores.events().after(0, 3);
        assertThat(first).extracting(LoggedEvent::event).containsExactlyElementsOf(appended.subList(0, 3));
        assertThat(first).extracting(LoggedEvent::sequence).isSorted().doesNotHaveDuplicates();
        List<LoggedEvent> rest = stores.events().after(first.getLast().sequence(), 10);
        assertThat(rest).extracting(LoggedEvent::event).containsExactlyElementsOf(appended.subList(3, 7));

        Instant from = start.plus(Duration.ofMinutes(2));
        Instant to = start.plus(Duration.ofMinutes(6));
        List<LoggedEvent> window = stores.events().between(from, to, 0, 2);
        assertThat(window).extracting(LoggedEvent::event).containsExactlyElementsOf(appended.subList(2, 4));
        assertThat(stores.events().between(from, to, window.getLast().sequence(), 10)).extracting(LoggedEvent::event)
                .as("the end is excluded").containsExactlyElementsOf(appended.subList(4, 6));
    }

    /**
     * Pruning takes events older than the cutoff that every reader has passed, a bounded batch at a
     * time; newer events, and old ones a reader has not read yet, stay.
     */
    @Test
    void pruningTakesOldEventsEveryReaderPassedAndKeepsTheRest() {
        Instant now = Instant.parse("2026-06-30T00:00:00Z");
        List<ImageEvent> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-%012d".formatted(700 + i)), "ana",
                    Optional.empty(), "old " + i, now.minus(Duration.ofDays(10)).plusSeconds(i)));
        }
        List<ImageEvent> recent = List.of(
                ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-000000000710"), "ana", Optional.empty(), "new",
                        now.minus(Duration.ofHours(1))));
        old.forEach(stores.events()::append);
        recent.forEach(stores.events()::append);
        List<LoggedEvent> logged = stores.events().after(0, 10);
        Instant cutoff = now.minus(Duration.ofDays(2));
        long readerAt = logged.get(1).sequence();

        assertThat(stores.events().prune(cutoff, readerAt, 1)).as("a batch at most").isEqualTo(1);
        assertThat(stores.events().prune(cutoff, readerAt, 10)).isEqualTo(1);
        assertThat(stores.events().prune(cutoff, readerAt, 10)).as("the third is not read yet").isZero();
        assertThat(all()).containsExactly(old.get(2), recent.getFirst());

        assertThat(stores.events().prune(cutoff, Long.MAX_VALUE, 10)).isEqualTo(1);
        assertThat(all()).as("newer than the cutoff").containsExactly(recent.getFirst());
        assertThat(stores.events().between(now.minus(Duration.ofDays(30)), now, 0, 10)).extracting(LoggedEvent::event)
                .containsExactly(recent.getFirst());
    }

    @Test
    void aLocalAppendWakesReaders() {
        AtomicInteger woken = new AtomicInteger();
        stores.events().onAppended(woken::incrementAndGet);
        upload(draft());
        stores.events().append(ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-000000009998"), null,
                Optional.empty(), "x", clock));
        assertThat(woken.get()).isGreaterThanOrEqualTo(2);
    }

    /**
     * Writers in several threads (processes, for a shared database) append while a reader polls after
     * its last sequence, as a webhook dispatcher or a stream does: it must see every event exactly once,
     * which fails if a sequence can become visible after a greater one was read.
     */
    @Test
    void aPollingReaderSeesEveryConcurrentAppendOnce() throws Exception {
        int writers = 4;
        int each = 60;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    if ((i + writer) % 2 == 0) {
                        upload(draft().sha256(UUID.randomUUID().toString().replace("-", "").repeat(2)));
                    } else {
                        stores.events().append(ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-%012d"
                                .formatted(100_000 + writer * 1000 + i)), "ana", Optional.empty(), "x", clock));
                    }
                }
                return null;
            }));
        }
        Set<UUID> seen = new HashSet<>();
        List<Long> sequences = new ArrayList<>();
        long position = 0;
        try {
            while (writing.get() || !stores.events().after(position, 1).isEmpty()) {
                writing.set(done.stream().anyMatch(f -> !f.isDone()));
                for (LoggedEvent e : stores.events().after(position, 7)) {
                    assertThat(seen.add(e.event().id())).as("seen once: " + e).isTrue();
                    sequences.add(e.sequence());
                    position = e.sequence();
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(writers * each);
        assertThat(sequences).isSorted();
        assertThat(stores.events().after(0, 10_000)).hasSize(writers * each);
    }
}
