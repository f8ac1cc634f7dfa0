package dev.pixflow.adapter.sqlite;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.Rendition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteMetadataStoreTest {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private MutableClock clock;
    private SqliteJobQueue queue;
    private SqliteMetadataStore store;
    private int seq;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        queue = new SqliteJobQueue(db, clock, 3);
        store = new SqliteMetadataStore(db, queue);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ImageRecord image(String... tags) {
        seq++;
        ImageId id = new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq));
        Instant at = clock.instant();
        clock.advance(Duration.ofMillis(1));
        return new ImageRecord(id, "anonymous", ImageStatus.PROCESSING, "IMG_%04d.jpg".formatted(seq), ImageFormat.JPEG,
                1234, 640, 480, false, "ab".repeat(32), BlobKey.original(id, at),
                new ImageMetadata("title " + seq, null, List.of(tags)), at, at, Map.of());
    }

    @Test
    void createWritesTheRecordAndItsJobTogether() {
        ImageRecord r = image("Beach", "sunset");
        store.create(r, new JobSpec(r.id(), List.of("thumb")));

        assertThat(store.find(r.id())).contains(r.withRenditions(Map.of()));
        assertThat(store.find(r.id()).orElseThrow().tags()).containsExactly("beach", "sunset");
        assertThat(queue.lease("w", Duration.ofSeconds(5)).orElseThrow().spec().imageId()).isEqualTo(r.id());
    }

    @Test
    void aFailedCreateLeavesNeitherRecordNorJob() {
        ImageRecord r = image();
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        queue.acknowledge(queue.lease("w", Duration.ofSeconds(5)).orElseThrow());
        // Same id again: the insert fails, and the job insert in the same transaction must roll back.
        assertThatThrownBy(() -> store.create(r, new JobSpec(r.id(), List.of("large")))).isInstanceOf(RuntimeException.class);
        assertThat(queue.stats().depth()).isZero();
    }

    @Test
    void renditionsAreUpsertedAndStatusSet() {
        ImageRecord r = image();
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        Rendition first = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 256, 256, 1000, "cd".repeat(32), clock.instant());
        Rendition second = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "bbbb", ImageFormat.JPEG),
                ImageFormat.JPEG, 256, 256, 900, "ef".repeat(32), clock.instant());
        assertThat(store.putRendition(r.id(), first, clock.instant())).isTrue();
        assertThat(store.putRendition(r.id(), second, clock.instant())).isTrue();
        assertThat(store.setStatus(r.id(), ImageStatus.READY, clock.instant())).isTrue();

        ImageRecord back = store.find(r.id()).orElseThrow();
        assertThat(back.renditions()).containsExactly(Map.entry("thumb", second));
        assertThat(back.status()).isEqualTo(ImageStatus.READY);
    }

    @Test
    void renditionOfADeletedImageIsRefused() {
        ImageRecord r = image();
        store.create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(store.delete(r.id())).isPresent();
        Rendition late = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 1, 1, 1, "00".repeat(32), clock.instant());
        assertThat(store.putRendition(r.id(), late, clock.instant())).isFalse();
        assertThat(store.find(r.id())).isEmpty();
        assertThat(store.delete(r.id())).isEmpty();
    }

    @Test
    void metadataEditsReplaceTitleAndTags() {
        ImageRecord r = image("a", "b");
        store.create(r, new JobSpec(r.id(), List.of()));
        assertThat(store.updateMetadata(r.id(), new ImageMetadata("New", "desc", List.of("c")), clock.instant())).isTrue();
        ImageRecord back = store.find(r.id()).orElseThrow();
        assertThat(back.metadata()).isEqualTo(new ImageMetadata("New", "desc", List.of("c")));
        assertThat(store.updateMetadata(new ImageId("0190a000-0000-7000-8000-999999999999"), ImageMetadata.empty(), clock.instant())).isFalse();
    }

    @Test
    void pagesGoNewestFirstWithoutGapsOrDuplicatesWhileNewImagesArrive() {
        List<ImageId> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ImageRecord r = image(i % 2 == 0 ? "even" : "odd");
            store.create(r, new JobSpec(r.id(), List.of()));
            created.add(r.id());
        }
        List<ImageId> seen = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        do {
            Page<ImageRecord> page = store.list(new ImageQuery(Optional.empty(), 10, cursor));
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.next();
            // Arrivals between pages land above the cursor and must not disturb the walk down.
            ImageRecord newcomer = image("even");
            store.create(newcomer, new JobSpec(newcomer.id(), List.of()));
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(created.reversed());
    }

    @Test
    void tagFilterMatchesNormalisedTags() {
        for (int i = 0; i < 6; i++) {
            ImageRecord r = image(i < 2 ? "Holiday" : "work");
            store.create(r, new JobSpec(r.id(), List.of()));
        }
        Page<ImageRecord> page = store.list(new ImageQuery(Optional.of("HOLIDAY"), 10, Optional.empty()));
        assertThat(page.items()).hasSize(2).allSatisfy(r -> assertThat(r.tags()).containsExactly("holiday"));
        assertThat(page.next()).isEmpty();
    }

    @Test
    void cursorRoundTrips() {
        PageCursor c = new PageCursor(1767225600123L, new ImageId("0190a000-0000-7000-8000-000000000042"));
        assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
    }
}
