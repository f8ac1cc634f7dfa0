package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.testing.InMemoryBlobStore;
import dev.pixflow.core.testing.InMemoryCatalogue;
import dev.pixflow.core.testing.InMemoryEventLog;
import dev.pixflow.core.testing.InMemoryJobQueue;
import dev.pixflow.core.testing.RecordingTelemetry;
import dev.pixflow.core.testing.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sweep's decisions over a store read a page at a time: what is old and unused goes, what is young,
 * held or freshly referenced stays, and no page asks for more keys than the page size.
 */
class SweepOrphansTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);
    private static final Instant OLD = NOW.minus(Duration.ofHours(30));

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(NOW);
    private final InMemoryCatalogue catalogue = new InMemoryCatalogue(new InMemoryJobQueue(clock, 3), new InMemoryEventLog());
    private final RecordingTelemetry telemetry = new RecordingTelemetry();
    private InMemoryBlobStore blobs;

    @BeforeEach
    void store() throws IOException {
        blobs = new InMemoryBlobStore(dir, clock);
    }

    private SweepOrphans sweep(int page) {
        return new SweepOrphans(blobs, catalogue, catalogue, clock, telemetry, GRACE, page);
    }

    /** An object written at {@code at}, as the store dates it. */
    private void add(BlobKey key, Instant at) throws IOException {
        clock.set(at);
        blobs.putBytes(key, new byte[]{1});
        clock.set(NOW);
    }

    private static ImageRecord holding(ImageId id, BlobKey original) {
        return new ImageRecord(id, "ana", ImageStatus.READY, "a.jpg", ImageFormat.JPEG, 1, 1, 1, false, "0".repeat(64),
                original, ImageMetadata.empty(), OLD, OLD, Map.of());
    }

    private static BlobKey original(int n) {
        return BlobKey.content("%064x".formatted(n));
    }

    private static ImageId id(int n) {
        return new ImageId("0190a000-0000-7000-8000-%012d".formatted(n));
    }

    @Test
    void oldUnusedOriginalsGoAcrossPagesAndEverythingInUseStays() throws Exception {
        for (int n = 1; n <= 7; n++) {
            add(original(n), OLD);
            if (n != 6) {                                                   // bytes whose count is already gone
                catalogue.retainBlob(original(n), OLD);
            }
        }
        catalogue.insert(holding(id(2), original(2)));                      // a record's original
        catalogue.retainBlob(original(4), NOW.minus(Duration.ofHours(1)));  // the same bytes uploaded again just now
        add(original(8), NOW.minus(Duration.ofMinutes(5)));                 // bytes still being committed

        SweepOrphans.Swept swept = sweep(3).sweep();

        assertThat(swept).isEqualTo(new SweepOrphans.Swept(5, 0));
        assertThat(blobs.keys()).containsExactlyInAnyOrder(original(2).value(), original(4).value(), original(8).value());
        assertThat(blobs.listLimits()).allMatch(size -> size == 3);
        assertThat(telemetry.details("orphansDeleted")).isNotEmpty().allMatch(r -> r.startsWith("original="));
        assertThat(telemetry.details("orphansDeleted").stream().mapToInt(r -> Integer.parseInt(r.substring(r.indexOf('=') + 1))).sum())
                .isEqualTo(5);
    }

    @Test
    void renditionsOfImagesGoneAreDeletedOnceEvenAcrossAPageBoundary() throws Exception {
        catalogue.insert(holding(id(1), original(1)));
        for (int n = 1; n <= 3; n++) {
            add(BlobKey.rendition(id(n), "thumb", "h1", ImageFormat.WEBP), NOW);
            add(BlobKey.rendition(id(n), "large", "h2", ImageFormat.JPEG), NOW);
        }
        add(new BlobKey("renditions/not-an-id/x.jpg"), OLD);

        // The first page ends inside image 2's renditions: all of them go, and image 2 is counted once.
        SweepOrphans.Swept swept = sweep(3).sweep();

        assertThat(swept).isEqualTo(new SweepOrphans.Swept(0, 2));
        assertThat(blobs.keys()).containsExactlyInAnyOrder(
                BlobKey.rendition(id(1), "thumb", "h1", ImageFormat.WEBP).value(),
                BlobKey.rendition(id(1), "large", "h2", ImageFormat.JPEG).value(),
                "renditions/not-an-id/x.jpg");
    }

    @Test
    void whatTheStoreWillNotDeleteIsPassedOverAndTheRestGoes() throws Exception {
        for (int n = 1; n <= 4; n++) {
            add(original(n), OLD);
            catalogue.retainBlob(original(n), OLD);
            add(BlobKey.rendition(id(n), "thumb", "h1", ImageFormat.WEBP), NOW);
        }
        blobs.refuseDeletesUnder(BlobKey.renditionPrefix(id(1)));
        blobs.refuseDeletesUnder(original(1).value());

        SweepOrphans.Swept swept = sweep(2).sweep();

        assertThat(swept).isEqualTo(new SweepOrphans.Swept(3, 3));
        assertThat(blobs.keys()).containsExactlyInAnyOrder(original(1).value(),
                BlobKey.rendition(id(1), "thumb", "h1", ImageFormat.WEBP).value());
    }

    @Test
    void theRenditionKeyNamesItsImage() {
        assertThat(SweepOrphans.imageOf(BlobKey.rendition(id(9), "thumb", "h", ImageFormat.PNG))).hasValue(id(9));
        assertThat(SweepOrphans.imageOf(new BlobKey("renditions/x/y.jpg"))).isEmpty();
        assertThat(SweepOrphans.imageOf(new BlobKey("originals/sha256/aa/bb/cc"))).isEmpty();
    }

    @Test
    void aGraceOfNothingIsRefused() {
        assertThatThrownBy(() -> new SweepOrphans(blobs, catalogue, catalogue, clock, telemetry, Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
