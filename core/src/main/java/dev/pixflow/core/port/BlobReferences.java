package dev.pixflow.core.port;

import dev.pixflow.core.domain.BlobKey;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The reference counts of the (content-addressed) originals: bytes shared by several records are
 * deleted with the last of them, and never while an upload is about to hold them.
 */
public interface BlobReferences {

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

    /** Gives a reference back (an upload that failed after {@link #retainBlob}). */
    void releaseBlob(BlobKey key, LastReference onLast);

    /**
     * Of {@code keys}, those in use: held by a record, or referenced at or after {@code retainedSince}
     * (an upload between {@link #retainBlob} and {@link ImageRecords#create}). One query for a page of
     * listed keys, so the sweep looks closer only at the few that are not.
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
}
