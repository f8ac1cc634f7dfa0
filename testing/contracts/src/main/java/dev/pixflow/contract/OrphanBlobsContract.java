package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every catalogue backend ({@link dev.pixflow.core.port.BlobReferences}) tells the orphan sweep: which listed originals are in use (held by a
 * record, or referenced within the grace), the conditional drop of one that is not, and which listed
 * image ids still have a record.
 */
public abstract class OrphanBlobsContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private static final Instant LONG_AGO = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant CUTOFF = LONG_AGO.plus(Duration.ofDays(1));
    private static final Instant RECENT = CUTOFF.plus(Duration.ofHours(1));

    private int seq;
    private final List<BlobKey> deleted = new ArrayList<>();

    private static BlobKey key(char c) {
        return BlobKey.content(String.valueOf(c).repeat(64));
    }

    /** As an upload does it, at {@code at}: a reference to the original's bytes first, then the record. */
    private ImageRecord upload(String sha256, Instant at) {
        ImageRecord r = new ImageDraft(++seq, at).sha256(sha256).build();
        stores.references().retainBlob(r.originalKey(), at);
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    @Test
    void aKeyIsInUseWhileARecordHoldsItOrItWasReferencedWithinTheGrace() {
        ImageRecord held = upload("a".repeat(64), LONG_AGO);
        stores.references().retainBlob(key('b'), LONG_AGO);   // an upload that crashed long ago
        stores.references().retainBlob(key('c'), RECENT);     // an upload still between its bytes and its record

        assertThat(stores.references().blobsInUse(List.of(held.originalKey(), key('b'), key('c'), key('d')), CUTOFF))
                .containsExactlyInAnyOrder(held.originalKey(), key('c'));
        assertThat(stores.references().blobsInUse(List.of(), CUTOFF)).isEmpty();
    }

    @Test
    void anOrphanOlderThanTheGraceIsDroppedWithItsBytesOnce() {
        stores.references().retainBlob(key('b'), LONG_AGO);

        assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, deleted::add)).isTrue();
        assertThat(deleted).containsExactly(key('b'));
        assertThat(stores.references().blobsInUse(List.of(key('b')), LONG_AGO)).isEmpty();
        // Bytes with no reference at all (a count already dropped) go too; a second sweep finds nothing left to count.
        assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, deleted::add)).isTrue();
        assertThat(deleted).containsExactly(key('b'), key('b'));
    }

    @Test
    void whatARecordHoldsOrAFreshReferenceGuardsIsNeverDropped() {
        ImageRecord held = upload("a".repeat(64), LONG_AGO);
        stores.references().retainBlob(key('c'), LONG_AGO);
        stores.references().retainBlob(key('c'), RECENT);   // the same bytes uploaded again just now

        assertThat(stores.references().dropUnusedBlob(held.originalKey(), CUTOFF, deleted::add)).isFalse();
        assertThat(stores.references().dropUnusedBlob(key('c'), CUTOFF, deleted::add)).isFalse();
        assertThat(deleted).isEmpty();
        // The counts are intact: removing the record still releases its bytes.
        assertThat(stores.records().remove(held.id(), RECENT, Optional.empty(), deleted::add)).isPresent();
        assertThat(deleted).containsExactly(held.originalKey());
    }

    @Test
    void aReferenceTakenAfterTheDropStartsANewCount() {
        stores.references().retainBlob(key('b'), LONG_AGO);
        assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, deleted::add)).isTrue();

        ImageRecord again = upload("b".repeat(64), RECENT);
        assertThat(stores.references().blobsInUse(List.of(key('b')), CUTOFF)).containsExactly(key('b'));
        assertThat(stores.records().remove(again.id(), RECENT, Optional.empty(), deleted::add)).isPresent();
        assertThat(deleted).containsExactly(key('b'), key('b'));
    }

    /**
     * The race the drop is built for: an upload of the same bytes takes its reference while the drop is
     * deleting them. It must wait for the drop to commit, then start a new count that protects the bytes
     * it writes next; were it let through first, the drop would delete the count it had just raised.
     */
    @Test
    void anUploadReferencingTheBytesDuringTheDropWaitsForItAndStartsANewCount() throws Exception {
        stores.references().retainBlob(key('b'), LONG_AGO);
        raceTheDrop();
    }

    /** The same when the bytes had no count left at all: the drop still makes the upload wait. */
    @Test
    void anUploadReferencingUncountedBytesDuringTheDropWaitsForItToo() throws Exception {
        raceTheDrop();
    }

    private void raceTheDrop() throws Exception {
        ExecutorService upload = Executors.newSingleThreadExecutor();
        try {
            List<Future<?>> racing = new ArrayList<>();
            assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, k -> {
                racing.add(upload.submit(() -> stores.references().retainBlob(k, RECENT)));
                assertThatThrownBy(() -> racing.getFirst().get(300, TimeUnit.MILLISECONDS))
                        .as("the reference waits while the drop holds the count").isInstanceOf(TimeoutException.class);
                deleted.add(k);
            })).isTrue();
            racing.getFirst().get(30, TimeUnit.SECONDS);
        } finally {
            upload.shutdownNow();
        }
        assertThat(deleted).containsExactly(key('b'));
        assertThat(stores.references().blobsInUse(List.of(key('b')), CUTOFF)).containsExactly(key('b'));
        assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, deleted::add)).isFalse();
    }

    @Test
    void aFailedDeleteOfTheBytesKeepsTheCount() {
        stores.references().retainBlob(key('b'), LONG_AGO);

        assertThatThrownBy(() -> stores.references().dropUnusedBlob(key('b'), CUTOFF, k -> {
            throw new IOException("storage unavailable");
        })).isInstanceOf(RuntimeException.class);
        // Still counted as an old reference, so the next sweep tries again.
        assertThat(stores.references().blobsInUse(List.of(key('b')), LONG_AGO)).containsExactly(key('b'));
        assertThat(stores.references().dropUnusedBlob(key('b'), CUTOFF, deleted::add)).isTrue();
    }

    @Test
    void existingNamesTheIdsThatHaveARecord() {
        ImageRecord kept = upload("a".repeat(64), LONG_AGO);
        ImageRecord removed = upload("b".repeat(64), LONG_AGO);
        stores.records().remove(removed.id(), RECENT, Optional.of(RECENT), deleted::add);
        ImageId never = new ImageId("0190a000-0000-7000-8000-999999999999");

        assertThat(stores.records().existing(List.of(kept.id(), removed.id(), never))).containsExactly(kept.id());
        assertThat(stores.records().existing(List.of())).isEmpty();
    }
}
