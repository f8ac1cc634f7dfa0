package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The catalogue's image records: written with their first job and event, edited, removed. */
public interface ImageRecords {

    /**
     * Writes a new record, hands its first job to the queue and appends {@code image.stored} (at the
     * record's creation) to the {@link EventLog}, in one transaction: all are there or none is, so no
     * job ever names an image that was not committed, and no acknowledged upload goes untold. The
     * record's original must already be held by {@link BlobReferences#retainBlob}.
     */
    void create(ImageRecord image, JobSpec firstJob);

    /**
     * {@link #create}, unless the owner holds a live image (not expired at {@code now}) of the same bytes
     * ({@link ImageRecord#sha256}) by then: that image, and nothing written. Where the database can, the
     * check and the write are one step for uploads of the same owner and bytes, whichever process they
     * reach, so of several sent at once one makes the image and the others get it; where it cannot (a
     * store without transactions), two at the very same moment may each make one.
     */
    Optional<ImageRecord> createUnlessDuplicate(ImageRecord image, JobSpec firstJob, Instant now);

    /** The record, expired or not (an expired one is the caller's to refuse). */
    Optional<ImageRecord> find(ImageId id);

    /** Of {@code ids}, those that have a record (expired or not). */
    Set<ImageId> existing(Collection<ImageId> ids);

    /**
     * Writes the fields {@code patch} names, and no other, in one write; false when the image does not
     * exist, or (a patch {@link RecordPatch#unchangedSince}) its record is no longer that version.
     */
    boolean edit(ImageId id, RecordPatch patch, Instant at);

    /**
     * Adds and removes tags on several of {@code owner}'s live images in one transaction: all are
     * changed or (a tag refused, too many tags) none. An image whose tags this leaves as they were is
     * not written (no new version); the ids in neither list do not exist for this owner.
     */
    Retagged retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at);

    /** What a {@link #retag} did: the images it changed, and those already as asked. */
    record Retagged(List<ImageId> updated, List<ImageId> unchanged) {
        public Retagged {
            updated = List.copyOf(updated);
            unchanged = List.copyOf(unchanged);
        }
    }

    /** Sets alt text only where there is none (an owner's own text wins over a model's); whether it did. */
    boolean fillAltText(ImageId id, String altText, Instant at);

    boolean setStatus(ImageId id, ImageStatus status, Instant at);

    /**
     * Removes the record, its renditions' records and its search entry, and gives back its original's
     * reference, in one transaction; {@code onLast} deletes the bytes when that was the last one, and
     * its failure undoes the removal. With {@code expiredAt}, a tombstone stays. The same transaction
     * appends {@code image.expired} (with {@code expiredAt}) or {@code image.deleted}, occurring at
     * {@code at}. The removed record, empty when there was none.
     */
    default Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, BlobReferences.LastReference onLast) {
        return remove(id, at, expiredAt, onLast, Optional.empty());
    }

    /**
     * As {@link #remove(ImageId, Instant, Optional, BlobReferences.LastReference)}; with
     * {@code unchangedSince}, only while the record's {@code updatedAt} is still that (an HTTP
     * {@code If-Match}), checked in the same step: else nothing is removed and
     * {@link dev.pixflow.core.domain.StaleRecordException}.
     */
    Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, BlobReferences.LastReference onLast,
                                 Optional<Instant> unchangedSince);
}
