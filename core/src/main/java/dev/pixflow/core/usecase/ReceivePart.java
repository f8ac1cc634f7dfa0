package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.MultipartRejectedException.Reason;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.MultipartUploadStore.PartRecorded;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.PartStore.WrittenPart;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Takes one part: streamed to the part store (never whole in memory), then recorded. The bytes are
 * written before the record, so a part that is recorded always has its bytes; a write whose record is
 * refused (the upload was aborted, expired or is being completed meanwhile) deletes what it wrote.
 */
public final class ReceivePart {
    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final MultipartLimits limits;
    private final StorageQuota quota;
    private final UploadLookup lookup;
    private final Clock clock;

    /** @param quota counts the parts of open uploads: a part that would take the owner past it is refused */
    public ReceivePart(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits, StorageQuota quota, Clock clock) {
        this.uploads = uploads;
        this.parts = parts;
        this.limits = limits;
        this.quota = quota;
        this.lookup = new UploadLookup(uploads, clock);
        this.clock = clock;
    }

    public UploadedPart receive(Caller caller, UploadId id, int number, InputStream body, OptionalLong contentLength,
                                Optional<PartChecksum> checksum) throws IOException {
        if (number < 1 || number > MultipartLimits.MAX_PARTS) {
            throw new MultipartRejectedException(Reason.INVALID_PART_NUMBER,
                    "part numbers run from 1 to " + MultipartLimits.MAX_PARTS + "; got " + number);
        }
        MultipartUpload upload = lookup.requireOpen(caller, id);
        List<UploadedPart> before = uploads.parts(id);
        long replacing = before.stream().filter(p -> p.number() == number).mapToLong(UploadedPart::size).sum();
        long limit = byteLimit(upload, before.stream().mapToLong(UploadedPart::size).sum() - replacing);
        if (contentLength.isPresent() && contentLength.getAsLong() > limit) {
            throw tooLarge(upload, limit);
        }
        // Before a byte is read, by its length, less what the part it replaces holds (a part sent again after a
        // lost answer takes no more room); parts sent at once, or in chunks, are checked again below.
        quota.check(upload.owner(), Math.max(0, contentLength.orElse(0) - replacing));
        WrittenPart written = parts.write(upload, number, body, contentLength, limit, checksum);
        if (contentLength.isPresent() && written.size() != contentLength.getAsLong()) {
            // A connection cut mid-part must not leave a short part that looks whole.
            parts.delete(id, written.location());
            throw new EOFException("part " + number + " ended after " + written.size() + " of " + contentLength.getAsLong() + " bytes");
        }
        UploadedPart part = new UploadedPart(number, written.etag(), written.size(), written.location(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        PartRecorded recorded;
        try {
            recorded = uploads.recordPart(id, part, clock.instant());
        } catch (RuntimeException e) {
            parts.delete(id, written.location());
            throw e;
        }
        if (!recorded.accepted()) {
            parts.delete(id, written.location());
            throw lookup.whyNotOpen(caller, id);
        }
        // Parts sent at once were each checked against what the others held before: read the whole again
        // now that this one is recorded, and give it up if together they passed the limit. Of parts racing
        // past it the later reader sees them all, so the upload never stays over (both may be refused). The
        // same for the owner's quota, which counts this part now that it is recorded.
        long held = uploads.parts(id).stream().mapToLong(UploadedPart::size).sum();
        RuntimeException refused = held > limits.objectLimit(upload) ? tooLarge(upload, 0) : overQuota(upload.owner());
        if (refused != null) {
            giveUp(id, part, recorded.replaced());
            throw refused;
        }
        if (recorded.replaced().isPresent()) {
            parts.delete(id, recorded.replaced().get().location());
        }
        return part;
    }

    private QuotaExceededException overQuota(String owner) {
        try {
            quota.check(owner, 0);
            return null;
        } catch (QuotaExceededException e) {
            return e;
        }
    }

    /**
     * Takes the refused part out. The part it replaced is not put back: a request for the same number may
     * have recorded its own meanwhile, and on S3 every write of a number goes to one place, so the bytes
     * before are gone there. The client sends that number again, as its 413 says.
     */
    private void giveUp(UploadId id, UploadedPart part, Optional<UploadedPart> replaced) throws IOException {
        if (uploads.removePart(id, part)) {
            parts.delete(id, part.location());
        }
        if (replaced.isPresent() && !replaced.get().location().equals(part.location())) {
            parts.delete(id, replaced.get().location());
        }
    }

    /**
     * A part may not pass the part limit, nor take the object past its limit (the size declared at the
     * start, where one was, else the upload limit) with the {@code others} bytes the other parts hold.
     */
    private long byteLimit(MultipartUpload upload, long others) {
        long limit = Math.min(limits.maxPartSize(), limits.objectLimit(upload) - others);
        if (limit < 1) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                    "the parts received already hold the " + limits.objectLimitName(upload) + " of "
                            + limits.objectLimit(upload) + " bytes");
        }
        return limit;
    }

    private RejectedImageException tooLarge(MultipartUpload upload, long limit) {
        return new RejectedImageException(RejectedImageException.Reason.TOO_LARGE, limit == limits.maxPartSize()
                ? "a part is at most " + limit + " bytes"
                : "this part would take the upload past its " + limits.objectLimitName(upload) + " of "
                        + limits.objectLimit(upload) + " bytes");
    }
}
