package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes what a crash left in the blob store with nothing to use it: originals that no record holds
 * and that no upload referenced within the grace (a crash between writing the bytes and committing the
 * record, or before a failed upload gave its reference back), and the renditions of images that no
 * longer exist (a crash between removing a record and deleting its {@code renditions/{id}/} prefix, or
 * a render finishing as its image was removed).
 *
 * <p>The store is read a page at a time, never listed whole: S3 buckets hold millions of keys. Each page
 * is checked against the catalogue in one query, and each original that looks orphaned is dropped by
 * {@link BlobReferences#dropUnusedBlob}, which checks again inside the transaction that deletes it, so an
 * upload taking a reference to the same bytes at that moment is never robbed of them.
 *
 * <p>Renditions need no grace: a record is committed before any job or delivery can render for it, and
 * ids are never reused, so an id without a record (or with only a tombstone, which answers 410 without
 * them) will never need its renditions again.
 */
public final class SweepOrphans {
    private static final Logger LOG = Logger.getLogger(SweepOrphans.class.getName());
    static final String ORIGINALS = "originals/";
    static final String RENDITIONS = "renditions/";

    /** What one sweep deleted: originals, and images whose renditions went. */
    public record Swept(int originals, int renditionSets) {
        public int total() {
            return originals + renditionSets;
        }
    }

    private final BlobStore blobs;
    private final ImageRecords records;
    private final BlobReferences references;
    private final Clock clock;
    private final Telemetry telemetry;
    private final Duration grace;
    private final int page;

    public SweepOrphans(BlobStore blobs, ImageRecords records, BlobReferences references, Clock clock, Telemetry telemetry, Duration grace, int page) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the orphan grace must be positive: an upload in progress holds unrecorded bytes");
        }
        if (page < 1) {
            throw new IllegalArgumentException("page must be positive");
        }
        this.blobs = blobs;
        this.records = records;
        this.references = references;
        this.clock = clock;
        this.telemetry = telemetry;
        this.grace = grace;
        this.page = page;
    }

    /** One pass over the originals and the renditions. */
    public Swept sweep() throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        int originals = sweepOriginals(cutoff);
        int renditions = sweepRenditions();
        return new Swept(originals, renditions);
    }

    private int sweepOriginals(Instant cutoff) throws IOException {
        int dropped = 0;
        Optional<BlobKey> after = Optional.empty();
        List<StoredBlob> listed;
        do {
            listed = blobs.list(ORIGINALS, after, page);
            // Bytes written within the grace belong to an upload that may still be committing.
            List<BlobKey> old = listed.stream().filter(b -> b.lastModified().isBefore(cutoff)).map(StoredBlob::key).toList();
            Set<BlobKey> used = old.isEmpty() ? Set.of() : references.blobsInUse(old, cutoff);
            int inPage = 0;
            for (BlobKey key : old) {
                try {
                    if (!used.contains(key) && references.dropUnusedBlob(key, cutoff, blobs::delete)) {
                        inPage++;
                    }
                } catch (RuntimeException e) {
                    passedOver(key.value(), e);
                }
            }
            if (inPage > 0) {
                telemetry.orphansDeleted("original", inPage);
            }
            dropped += inPage;
            after = listed.isEmpty() ? after : Optional.of(listed.getLast().key());
        } while (listed.size() == page);
        return dropped;
    }

    private int sweepRenditions() throws IOException {
        int deleted = 0;
        Optional<BlobKey> after = Optional.empty();
        Optional<ImageId> lastDeleted = Optional.empty();
        List<StoredBlob> listed;
        do {
            listed = blobs.list(RENDITIONS, after, page);
            Set<ImageId> ids = new LinkedHashSet<>();
            for (StoredBlob blob : listed) {
                imageOf(blob.key()).ifPresent(ids::add);
            }
            Set<ImageId> live = ids.isEmpty() ? Set.of() : records.existing(ids);
            int inPage = 0;
            for (ImageId id : ids) {
                if (!live.contains(id)) {
                    try {
                        blobs.deletePrefix(BlobKey.renditionPrefix(id));
                    } catch (IOException e) {
                        passedOver(BlobKey.renditionPrefix(id), e);
                        continue;
                    }
                    // An image whose renditions span two pages is counted once.
                    if (!lastDeleted.equals(Optional.of(id))) {
                        inPage++;
                    }
                    lastDeleted = Optional.of(id);
                }
            }
            if (inPage > 0) {
                telemetry.orphansDeleted("renditions", inPage);
            }
            deleted += inPage;
            after = listed.isEmpty() ? after : Optional.of(listed.getLast().key());
        } while (listed.size() == page);
        return deleted;
    }

    /** One the store would not delete (an object lock, a bucket policy): the rest of the pass goes on. */
    private static void passedOver(String what, Exception e) {
        LOG.log(Level.WARNING, "the orphan sweep could not delete " + what + "; the next sweep tries again", e);
    }

    /** The image a rendition key belongs to ({@code renditions/{id}/...}); empty for a key Pixflow did not make. */
    static Optional<ImageId> imageOf(BlobKey key) {
        String[] segments = key.value().split("/", 3);
        return segments.length == 3 && segments[0].equals("renditions") ? ImageId.parse(segments[1]) : Optional.empty();
    }
}
