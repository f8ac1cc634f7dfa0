package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Visibility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every catalogue backend keeps beyond the record itself: the reference counts of shared
 * originals, expiry and the tombstones it leaves, duplicates by content, alt text that never overwrites
 * an owner's, and the camera's EXIF.
 */
public abstract class RetentionContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private Instant clock = Instant.parse("2026-05-01T00:00:00Z");
    private int seq;
    private final List<BlobKey> released = new ArrayList<>();

    private ImageDraft draft() {
        seq++;
        Instant at = clock;
        clock = clock.plus(Duration.ofMillis(1));
        return new ImageDraft(seq, at);
    }

    /** As an upload does it: a reference to the original's bytes first, then the record. */
    private ImageRecord upload(ImageDraft draft) {
        ImageRecord r = draft.build();
        stores.references().retainBlob(r.originalKey());
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    private Optional<ImageRecord> remove(ImageRecord r, Optional<Instant> expiredAt) {
        return stores.records().remove(r.id(), clock, expiredAt, released::add);
    }

    @Test
    void sharedBytesAreReleasedWithTheirLastRecord() {
        String sha = "cd".repeat(32);
        ImageRecord first = upload(draft().sha256(sha));
        ImageRecord second = upload(draft().sha256(sha).owner("bo"));

        assertThat(remove(first, Optional.empty())).isPresent();
        assertThat(released).isEmpty();
        assertThat(remove(second, Optional.empty())).isPresent();
        assertThat(released).containsExactly(BlobKey.content(sha));
        assertThat(remove(second, Optional.empty())).isEmpty();
        assertThat(released).hasSize(1);
    }

    @Test
    void aReferenceTakenForAnUploadThatFailedIsGivenBack() {
        BlobKey key = BlobKey.content("ef".repeat(32));
        ImageRecord kept = upload(draft().sha256("ef".repeat(32)));
        stores.references().retainBlob(key);

        stores.references().releaseBlob(key, released::add);
        assertThat(released).isEmpty();
        remove(kept, Optional.empty());
        assertThat(released).containsExactly(key);
    }

    @Test
    void aFailedDeletionOfTheBytesKeepsTheRecord() {
        ImageRecord r = upload(draft().sha256("12".repeat(32)));

        assertThatThrownBy(() -> stores.records().remove(r.id(), clock, Optional.empty(), key -> {
            throw new IOException("storage down");
        })).hasRootCauseInstanceOf(IOException.class);

        assertThat(stores.records().find(r.id())).isPresent();
        assertThat(remove(r, Optional.empty())).isPresent();
        assertThat(released).containsExactly(r.originalKey());
    }

    @Test
    void expiredImagesAreListedSoonestFirstAndLeaveATombstone() {
        Instant t = clock.plus(Duration.ofHours(1));
        ImageRecord later = upload(draft().expiresAt(t.plusSeconds(10)));
        ImageRecord sooner = upload(draft().expiresAt(t.plusSeconds(5)).owner("bo"));
        upload(draft().expiresAt(t.plus(Duration.ofDays(1))));
        upload(draft());

        assertThat(stores.expirations().expired(t, 10)).isEmpty();
        assertThat(stores.expirations().expired(t.plusSeconds(10), 10)).extracting(ImageRecord::id).containsExactly(sooner.id(), later.id());
        assertThat(stores.expirations().expired(t.plusSeconds(10), 1)).extracting(ImageRecord::id).containsExactly(sooner.id());

        remove(sooner, sooner.expiresAt());
        assertThat(stores.expirations().tombstone(sooner.id())).contains(
                new Tombstone(sooner.id(), "bo", Visibility.PUBLIC, t.plusSeconds(5)));
        assertThat(stores.expirations().expired(t.plusSeconds(10), 10)).extracting(ImageRecord::id).containsExactly(later.id());
    }

    @Test
    void aDeletedImageLeavesNoTombstone() {
        ImageRecord r = upload(draft());
        remove(r, Optional.empty());
        assertThat(stores.expirations().tombstone(r.id())).isEmpty();
    }

    @Test
    void expiryIsSetAndCleared() {
        ImageRecord r = upload(draft());
        Instant at = clock.plus(Duration.ofDays(7));

        assertThat(stores.records().edit(r.id(), RecordPatch.expiry(Optional.of(at)), clock)).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().expiresAt()).contains(at);
        assertThat(stores.records().edit(r.id(), RecordPatch.expiry(Optional.empty()), clock)).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().expiresAt()).isEmpty();
        assertThat(stores.records().edit(new dev.pixflow.core.media.ImageId("0190a000-0000-7000-8000-999999999999"),
                RecordPatch.expiry(Optional.of(at)), clock)).isFalse();
    }

    @Test
    void duplicatesAreFoundByOwnerAndContent() {
        String sha = "34".repeat(32);
        upload(draft().sha256(sha));
        ImageRecord newer = upload(draft().sha256(sha));
        upload(draft().sha256(sha).owner("bo"));
        upload(draft().sha256("56".repeat(32)));

        assertThat(stores.search().findDuplicate("anonymous", sha, clock)).map(ImageRecord::id).contains(newer.id());
        assertThat(stores.search().findDuplicate("cy", sha, clock)).isEmpty();
        assertThat(stores.search().findDuplicate("anonymous", "78".repeat(32), clock)).isEmpty();
    }

    @Test
    void anExpiredImageIsNoDuplicate() {
        String sha = "9a".repeat(32);
        upload(draft().sha256(sha).expiresAt(clock.plusSeconds(1)));
        assertThat(stores.search().findDuplicate("anonymous", sha, clock)).isPresent();
        assertThat(stores.search().findDuplicate("anonymous", sha, clock.plusSeconds(1))).isEmpty();
    }

    @Test
    void altTextFromAModelNeverReplacesTheOwners() {
        ImageRecord blank = upload(draft());
        ImageRecord written = upload(draft().altText("The owner's words"));

        assertThat(stores.records().fillAltText(blank.id(), "A model's words", clock)).isTrue();
        assertThat(stores.records().fillAltText(written.id(), "A model's words", clock)).isFalse();
        assertThat(stores.records().fillAltText(blank.id(), "Second thoughts", clock)).isFalse();

        assertThat(stores.records().find(blank.id()).orElseThrow().metadata().altText()).isEqualTo("A model's words");
        assertThat(stores.records().find(written.id()).orElseThrow().metadata().altText()).isEqualTo("The owner's words");
        stores.records().edit(blank.id(), RecordPatch.metadata(stores.records().find(blank.id()).orElseThrow().metadata().withAltText("Edited")), clock);
        assertThat(stores.records().find(blank.id()).orElseThrow().metadata().altText()).isEqualTo("Edited");
    }

    @Test
    void exifIsKept() {
        Exif exif = new Exif("Pixflow Optics", "PX-1", "PX 35mm F1.4", Instant.parse("2024-07-14T16:30:05Z"), "1/250",
                2.8, 400, 35.0, new GeoPoint(-33.8598333, 151.2083333));
        ImageRecord r = upload(draft().exif(exif));

        assertThat(stores.records().find(r.id()).orElseThrow().exif()).isEqualTo(exif);
        assertThat(stores.records().find(r.id())).contains(r);
    }
}
