package dev.pixflow.core.testing;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Variant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake keeps the catalogue's promises the use case tests rely on; were it looser, they would prove less. */
class InMemoryCatalogueTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock, 3);
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final InMemoryCatalogue catalogue = new InMemoryCatalogue(queue, events);
    private final List<BlobKey> deleted = new ArrayList<>();

    @Test
    void createNeedsTheOriginalRetainedAndWritesRecordJobAndEvent() {
        ImageRecord image = image(1, "ana", "a", 0);
        JobSpec job = new JobSpec(image.id(), List.of("thumb"));

        assertThatThrownBy(() -> catalogue.create(image, job)).isInstanceOf(IllegalStateException.class);
        catalogue.retainBlob(image.originalKey(), T0);
        catalogue.create(image, job);

        assertThat(catalogue.find(image.id())).hasValue(image);
        assertThat(queue.pending()).containsExactly(job);
        assertThat(events.types()).containsExactly(EventType.IMAGE_STORED);
    }

    @Test
    void renditionsOfAnImageGoneAreRefused() {
        ImageId gone = image(1, "ana", "a", 0).id();
        Rendition r = new Rendition("thumb", BlobKey.rendition(gone, "thumb", "h", ImageFormat.JPEG), ImageFormat.JPEG, 1, 1,
                1, "s", T0);
        Variant v = Variant.of("poster", "w:10");

        assertThat(catalogue.putRenditions(gone, List.of(r), Duration.ZERO, T0)).isFalse();
        assertThat(catalogue.requestRendition(gone, v, T0, new JobSpec(gone, List.of(), List.of(v)))).isEmpty();
        assertThat(queue.jobs()).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void sharedBytesAreReleasedWithTheLastRecordAndAFailedDeleteUndoesTheRemoval() {
        ImageRecord a = insert(image(1, "ana", "same", 0));
        ImageRecord b = insert(image(2, "bob", "same", 0));

        catalogue.remove(a.id(), T0, Optional.empty(), deleted::add);
        assertThat(deleted).isEmpty();
        assertThatThrownBy(() -> catalogue.remove(b.id(), T0, Optional.empty(), key -> {
            throw new IOException("read-only");
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(catalogue.find(b.id())).isPresent();

        catalogue.remove(b.id(), T0, Optional.of(T0), deleted::add);

        assertThat(deleted).containsExactly(b.originalKey());
        assertThat(catalogue.hasReference(b.originalKey())).isFalse();
        assertThat(catalogue.tombstone(b.id())).hasValue(new Tombstone(b.id(), "bob", Visibility.PUBLIC, T0));
        assertThat(catalogue.tombstone(a.id())).isEmpty();
        assertThat(events.types()).containsExactly(EventType.IMAGE_DELETED, EventType.IMAGE_EXPIRED);
    }

    @Test
    void aListingIsTheOwnersLiveImagesNewestFirstWithACursorAndAContainsMatch() {
        ImageRecord old = insert(image(1, "ana", "harbour", 0));
        ImageRecord mid = insert(image(2, "ana", "mountain", 1));
        ImageRecord expired = insert(image(3, "ana", "harbour", 2).withExpiresAt(Optional.of(T0)));
        insert(image(4, "bob", "harbour", 3));
        ImageRecord young = insert(image(5, "ana", "harbour", 4));

        Page<ImageRecord> first = catalogue.list(new ImageQuery("ana", Optional.empty(), 2, Optional.empty()), T0);
        Page<ImageRecord> rest = catalogue.list(new ImageQuery("ana", Optional.empty(), 2, first.next()), T0);
        Page<ImageRecord> found = catalogue.list(new ImageQuery("ana", ImageFilter.NONE, SearchTerms.parse("harb"), null, 10,
                Optional.empty()), T0);

        assertThat(first.items()).containsExactly(young, mid);
        assertThat(rest.items()).containsExactly(old);
        assertThat(rest.next()).isEmpty();
        assertThat(found.items()).containsExactly(young, old).doesNotContain(expired);
    }

    private ImageRecord insert(ImageRecord image) {
        catalogue.insert(image);
        return image;
    }

    private static ImageRecord image(int n, String owner, String title, int minutes) {
        String sha = "%064x".formatted(title.hashCode() & 0xffffff);
        Instant at = T0.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(minutes));
        return new ImageRecord(new ImageId("0190a000-0000-7000-8000-%012d".formatted(n)), owner, ImageStatus.READY, "a.jpg",
                ImageFormat.JPEG, 1, 1, 1, false, sha, BlobKey.content(sha), new ImageMetadata(title, null, List.of()), at, at,
                Map.of());
    }
}
