package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bookkeeping of multipart uploads and the parts received. Every state change is a compare-and-set
 * on the upload's state and expiry, so parallel part uploads, a complete, an abort and the reaper can
 * race without a lock held across the (long) byte transfers.
 */
public interface MultipartUploadStore {

    /** What became of a part being recorded. */
    record PartRecorded(boolean accepted, Optional<UploadedPart> replaced) {
        public static PartRecorded refused() {
            return new PartRecorded(false, Optional.empty());
        }
    }

    void create(MultipartUpload upload);

    Optional<MultipartUpload> find(UploadId id);

    /** The parts held, by ascending number. */
    List<UploadedPart> parts(UploadId id);

    /**
     * Records a part, replacing one of the same number, if the upload is still open and unexpired at
     * {@code now}; otherwise refuses it (the caller then deletes the bytes it wrote).
     */
    PartRecorded recordPart(UploadId id, UploadedPart part, Instant now);

    /**
     * Removes {@code part} if it is still the one recorded under its number, at its location and with its
     * etag (a part refused once recorded: parts sent at once took the upload past its limit); whether it
     * did. Both, since a resend of the same bytes has the same etag, and a store that keeps parts where it
     * is sent them (S3) has one location for every write of a number.
     */
    boolean removePart(UploadId id, UploadedPart part);

    /**
     * Takes the completion: an open upload, or one whose completing request's lease ran out before
     * {@code now} (it crashed or stalled), becomes completing under a lease until {@code leaseUntil},
     * and is kept from the reaper until at least {@code holdUntil}. False when another request holds
     * it, or it is completed, expired or gone.
     */
    boolean startCompleting(UploadId id, Instant now, Instant leaseUntil, Instant holdUntil);

    /** Keeps a long completion's lease; false when it is no longer completing (it was taken over). */
    boolean extendCompleting(UploadId id, Instant leaseUntil);

    /**
     * Ends every completion's lease at once: for a store only this process uses (the embedded
     * database), whose completions at start belong to a process that is no more.
     */
    void releaseCompletions();

    /**
     * Completing back to open, after a failure the client may retry (overload, storage, a wrong part
     * list), expiring at {@code expiresAt} again: the upload's own expiry, not the hold its completion took.
     */
    void reopen(UploadId id, Instant expiresAt);

    /** Completing to completed: the part rows go, the row stays until expiry to answer a repeated complete. */
    void markCompleted(UploadId id, ImageId image);

    /** Deletes the upload if it is open (an abort); false when it was not. */
    boolean deleteIfOpen(UploadId id);

    /** Deletes the upload in whatever state (after a refused complete). */
    void delete(UploadId id);

    /** Up to {@code limit} uploads expired at {@code now}, oldest expiry first. */
    List<UploadId> expired(Instant now, int limit);

    /** Deletes the upload if it is still expired at {@code now}; false when it was not. */
    boolean deleteExpired(UploadId id, Instant now);
}
