package dev.pixflow.core.port;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.recipe.Variant;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of images and their renditions, its search index, the reference counts of the
 * (content-addressed) originals, and the tombstones of expired images.
 */
public interface MetadataStore {

    /**
     * Writes a new record, hands its first jobs to the queue and appends {@code image.stored} (at the
     * record's creation) to the {@link EventLog}, in one transaction: all are there or none is, so no
     * job ever names an image that was not committed, and no acknowledged upload goes untold. The
     * record's original must already be held by {@link #retainBlob}.
     */
    void create(ImageRecord image, JobSpec firstJob);

    /** The record, expired or not (an expired one is the caller's to refuse). */
    Optional<ImageRecord> find(ImageId id);

    /** A page of the query's owner's images that have not expired at {@code now}. */
    Page<ImageRecord> list(ImageQuery query, Instant now);

    /** The newest live image of {@code owner} whose original has these bytes. */
    Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now);

    /** The tags on {@code owner}'s live images, most used first, then by name. */
    List<TagCount> tags(String owner, Instant now, int limit);

    /** Replaces title, description, tags, visibility and alt text; false when the image does not exist. */
    boolean updateMetadata(ImageId id, ImageMetadata metadata, Instant at);

    /**
     * Adds and removes tags on several of {@code owner}'s live images in one transaction: all are
     * changed or (a tag refused, too many tags) none. The ids changed; the others do not exist for this
     * owner.
     */
    List<ImageId> retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at);

    /** Sets alt text only where there is none (an owner's own text wins over a model's); whether it did. */
    boolean fillAltText(ImageId id, String altText, Instant at);

    /** Sets or clears when the image expires; false when it does not exist. */
    boolean setExpiry(ImageId id, Optional<Instant> expiresAt, Instant at);

    /**
     * Records a rendition, replacing one of the same variant, and appends {@code rendition.ready} with
     * the time its render took, in one transaction; false (and no event) when the image is gone.
     */
    boolean putRendition(ImageId id, Rendition rendition, Duration renderTime, Instant at);

    boolean setStatus(ImageId id, ImageStatus status, Instant at);

    /**
     * Records that {@code variant} was asked for (replacing an earlier request of the same name and
     * clearing its error) and hands {@code job} to the queue, in one transaction: the job's id, empty
     * when the image does not exist.
     */
    java.util.OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job);

    /** Marks an asked-for rendition as given up on, with the reason. */
    void renditionRequestFailed(ImageId id, String name, String error, Instant at);

    /** Called, inside the transaction that dropped it, for an original's bytes that lost their last reference. */
    @FunctionalInterface
    interface LastReference {
        void released(BlobKey key) throws IOException;
    }

    /**
     * Takes a reference to an original's bytes before they are written: while it is held, no removal
     * deletes them. Taken before the write (not with the record) so that a removal dropping the last
     * reference at the same moment either sees this one or deletes the bytes before they are written again.
     */
    default void retainBlob(BlobKey key) {
        retainBlob(key, Instant.now());
    }

    /**
     * {@link #retainBlob(BlobKey)}, stamping the reference with {@code at}: a reference taken within the
     * orphan sweep's grace keeps the bytes from {@link #dropUnusedBlob} even before the record that will
     * hold them is written.
     */
    void retainBlob(BlobKey key, Instant at);

    /**
     * Of {@code keys}, those in use: held by a record, or referenced at or after {@code retainedSince}
     * (an upload between {@link #retainBlob} and {@link #create}). One query for a page of listed keys,
     * so the sweep looks closer only at the few that are not.
     */
    Set<BlobKey> blobsInUse(Collection<BlobKey> keys, Instant retainedSince);

    /**
     * Drops an orphaned original: in one transaction, when no record holds {@code key} and no reference
     * to it was taken at or after {@code retainedBefore}, deletes its reference count and calls
     * {@code onLast} to delete the bytes (its failure undoes the drop). An upload taking a reference at
     * the same moment either commits first (and this finds it fresh) or waits for this transaction and
     * then writes the bytes again. Whether it dropped the key.
     */
    boolean dropUnusedBlob(BlobKey key, Instant retainedBefore, LastReference onLast);

    /** Of {@code ids}, those that have a record (expired or not). */
    Set<ImageId> existing(Collection<ImageId> ids);

    /** Gives a reference back (an upload that failed after {@link #retainBlob}). */
    void releaseBlob(BlobKey key, LastReference onLast);

    /**
     * Removes the record, its renditions' records and its search entry, and gives back its original's
     * reference, in one transaction; {@code onLast} deletes the bytes when that was the last one, and
     * its failure undoes the removal. With {@code expiredAt}, a tombstone stays. The same transaction
     * appends {@code image.expired} (with {@code expiredAt}) or {@code image.deleted}, occurring at
     * {@code at}. The removed record, empty when there was none.
     */
    Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, LastReference onLast);

    /** Images whose expiry is at or before {@code now}, soonest first. */
    List<ImageRecord> expired(Instant now, int limit);

    /** What is left of an image that expired and was swept. */
    Optional<Tombstone> tombstone(ImageId id);
}
