package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartRejectedException.Reason;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Completes a multipart upload: checks the client's part list against the parts held (S3's rules;
 * the store's own list where it keeps one, as S3 does of parts sent to it directly), has the store put
 * them together (or takes the object sent whole), then streams it into the synchronous upload's path,
 * which hashes, probes, enforces the limits, commits the blob and writes the record and its job. The
 * object is never held in memory, and no rule of the synchronous upload is repeated here.
 *
 * <p>A completion runs under a lease, renewed while it works: a request that dies mid-way (a crash,
 * a killed process) leaves the upload completing only until the lease runs out, and the next complete
 * takes it over. The image's id is derived from the upload, so a completion taken over after the
 * crashed one had already made the image finds that image instead of making a second.
 */
public final class CompleteUpload {
    /** How long a completion holds the upload without renewing; a crashed one is taken over after it. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a complete in progress keeps the reaper away: far longer than assembling 5 GiB takes. */
    static final Duration HOLD = Duration.ofHours(1);
    /** How long an upload reopened after its own expiry stays, for the client to complete again. */
    static final Duration REOPEN_GRACE = Duration.ofMinutes(15);

    /** A part as the client lists it. */
    public record PartRef(int number, String etag) {
    }

    /** The image made; {@code replayed} when an earlier complete of the same upload made it. */
    public record Completed(ImageRecord image, boolean replayed) {
    }

    /** What an object event found when it came to complete an upload sent whole. */
    public enum Sent {
        /** This event made the image. */
        COMPLETED,
        /** A complete call (or an earlier event) made it. */
        ALREADY_COMPLETED,
        /** Another request is completing it: look again when its lease runs out. */
        HELD,
        /** No object sent whole is there (a multipart upload's own parts, put together by its complete). */
        NOT_SENT,
        /**
         * The object is no image Pixflow takes: it is deleted, as a refused upload is. Over its owner's
         * storage quota it stays, for a complete call once there is room (or the reaper).
         */
        REFUSED,
        /** No such upload any more (aborted, expired, reaped). */
        GONE
    }

    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final UploadImage upload;
    private final ImageRecords records;
    private final MultipartLimits limits;
    private final UploadLookup lookup;
    private final Clock clock;
    private final Duration waitForOther;

    /**
     * @param waitForOther how long a complete waits for another request completing the same upload (the
     *                     bucket's event and the client's own call may come together) before it answers 409
     */
    public CompleteUpload(MultipartUploadStore uploads, PartStore parts, UploadImage upload, ImageRecords records,
                          MultipartLimits limits, Clock clock, Duration waitForOther) {
        this.uploads = uploads;
        this.parts = parts;
        this.upload = upload;
        this.records = records;
        this.limits = limits;
        this.lookup = new UploadLookup(uploads, clock);
        this.clock = clock;
        this.waitForOther = waitForOther;
    }

    public Completed complete(Caller caller, UploadId id, List<PartRef> listed) throws IOException {
        MultipartUpload current = lookup.require(caller, id);
        if (current.state() == UploadState.COMPLETED) {
            return replay(current);
        }
        long deadline = System.nanoTime() + waitForOther.toNanos();
        // The upload's own expiry, to go back to if this completion fails: read while it was open, since a
        // completion in hand holds it longer.
        Instant ownExpiry = current.expiresAt();
        while (true) {
            Instant now = clock.instant();
            if (uploads.startCompleting(id, now, now.plus(LEASE), now.plus(HOLD))) {
                try (CompletionLease lease = new CompletionLease(uploads, id, LEASE, clock)) {
                    return completeHeld(current, listed, ownExpiry);
                }
            }
            MultipartUpload again = lookup.require(caller, id);
            if (again.state() == UploadState.OPEN) {
                ownExpiry = again.expiresAt();
            }
            if (again.state() == UploadState.COMPLETED) {
                return replay(again);
            }
            if (again.state() == UploadState.COMPLETING && System.nanoTime() >= deadline) {
                throw lookup.notOpen(again);
            }
            pause();
        }
    }

    /**
     * Completes an upload the bucket says it received whole (its ObjectCreated event), for its owner:
     * the same completion as the owner's complete call, so whichever comes first makes the image and
     * the other finds it.
     */
    public Sent completeSent(UploadId id) throws IOException {
        Optional<MultipartUpload> found = uploads.find(id).filter(u -> !u.expiredAt(clock.instant()));
        if (found.isEmpty()) {
            return Sent.GONE;
        }
        if (found.get().state() == UploadState.COMPLETED) {
            return Sent.ALREADY_COMPLETED;
        }
        try {
            Completed done = complete(new Caller(found.get().owner(), false), id, List.of());
            return done.replayed() ? Sent.ALREADY_COMPLETED : Sent.COMPLETED;
        } catch (MultipartRejectedException e) {
            return switch (e.reason()) {
                case UPLOAD_NOT_OPEN -> Sent.HELD;
                case INVALID_PART_ORDER -> Sent.NOT_SENT;
                default -> throw e;
            };
        } catch (RejectedImageException e) {
            return Sent.REFUSED;
        } catch (NotFoundException e) {
            return Sent.GONE;
        }
    }

    /**
     * The upload's own expiry, or a little while from now when it passed during this completion: the
     * client told to complete again must find it still there.
     */
    private Instant reopenedUntil(Instant ownExpiry) {
        Instant least = clock.instant().plus(REOPEN_GRACE);
        return ownExpiry.isBefore(least) ? least : ownExpiry;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another request completed the upload", e);
        }
    }

    /** The upload is ours under the lease; whatever fails here gives it back or ends it, never leaves it held. */
    private Completed completeHeld(MultipartUpload current, List<PartRef> listed, Instant ownExpiry) throws IOException {
        UploadId id = current.id();
        // A completion taken over may find that the one before it made the image already.
        Optional<ImageRecord> made = records.find(current.imageId());
        if (made.isPresent()) {
            finish(current, made.get());
            return new Completed(made.get(), true);
        }
        ImageRecord image;
        try {
            // An object already whole needs no part list: the completion that assembled it checked its own.
            List<UploadedPart> chosen = listed.isEmpty() || parts.holdsObject(current) ? List.of()
                    : choose(current, listed, parts.heldParts(current).orElseGet(() -> uploads.parts(id)));
            // The quota before the parts are put together; the upload itself holds its bytes when it is stored.
            OptionalLong size = chosen.isEmpty() ? current.declaredSize()
                    : OptionalLong.of(chosen.stream().mapToLong(UploadedPart::size).sum());
            if (size.isPresent()) {
                upload.checkQuota(current.owner(), size.getAsLong());
            }
            Optional<PartStore.Assembled> assembled = parts.assemble(current, chosen);
            if (assembled.isEmpty()) {
                throw new MultipartRejectedException(Reason.INVALID_PART_ORDER,
                        "list at least one part (nothing was sent whole to the store for this upload)");
            }
            try (InputStream object = assembled.get().object()) {
                UploadRequest request = new UploadRequest(object, current.contentType(), current.filename(),
                        current.metadata(), current.owner(), OptionalLong.of(limits.maxBytes())).withId(current.imageId());
                image = upload.upload(assembled.get().inBlobStore().map(request::alreadyIn).orElse(request));
            }
        } catch (QuotaExceededException e) {
            // The image is fine, the owner is full: the parts stay, to complete once there is room.
            uploads.reopen(id, reopenedUntil(ownExpiry));
            throw e;
        } catch (RejectedImageException e) {
            // Not an acceptable image: as with the synchronous upload, nothing of it is kept.
            discard(current);
            throw e;
        } catch (IOException | RuntimeException e) {
            // Another completion made the image meanwhile (its lease ran out while it still worked): the same image.
            Optional<ImageRecord> meanwhile = records.find(current.imageId());
            if (meanwhile.isPresent()) {
                finish(current, meanwhile.get());
                return new Completed(meanwhile.get(), true);
            }
            // Overload, storage trouble, a wrong part list: the parts stay, and the client may complete again.
            uploads.reopen(id, reopenedUntil(ownExpiry));
            throw e;
        }
        finish(current, image);
        return new Completed(image, false);
    }

    private void finish(MultipartUpload current, ImageRecord image) throws IOException {
        uploads.markCompleted(current.id(), image.id());
        parts.deleteAll(current);
    }

    private Completed replay(MultipartUpload done) {
        return done.image().flatMap(records::find).map(image -> new Completed(image, true))
                .orElseThrow(() -> new NotFoundException("upload " + done.id() + " was completed, and its image is deleted"));
    }

    private void discard(MultipartUpload current) throws IOException {
        uploads.delete(current.id());
        parts.deleteAll(current);
    }

    /** What the client sent, as much of it as a message needs: an etag is 32 hex digits, quoted. */
    private static String shortened(String given) {
        return given.length() <= 64 ? given : given.substring(0, 64) + "...";
    }

    /** S3's rules: ascending part numbers, each held with that etag, every part but the last at least the minimum. */
    private List<UploadedPart> choose(MultipartUpload current, List<PartRef> listed, List<UploadedPart> held) {
        if (listed.isEmpty()) {
            throw new MultipartRejectedException(Reason.INVALID_PART_ORDER, "list at least one part");
        }
        Map<Integer, UploadedPart> byNumber = held.stream().collect(Collectors.toMap(UploadedPart::number, Function.identity()));
        List<UploadedPart> chosen = new ArrayList<>(listed.size());
        int previous = 0;
        long total = 0;
        for (PartRef ref : listed) {
            if (ref.number() < 1 || ref.number() > MultipartLimits.MAX_PARTS) {
                throw new MultipartRejectedException(Reason.INVALID_PART_NUMBER,
                        "part numbers run from 1 to " + MultipartLimits.MAX_PARTS + "; got " + ref.number());
            }
            if (ref.number() <= previous) {
                throw new MultipartRejectedException(Reason.INVALID_PART_ORDER,
                        "parts must be listed once each in ascending order; part " + ref.number() + " follows part " + previous);
            }
            previous = ref.number();
            UploadedPart part = byNumber.get(ref.number());
            if (part == null) {
                throw new MultipartRejectedException(Reason.INVALID_PART, "part " + ref.number() + " was not received");
            }
            if (!part.etag().equals(normalise(ref.etag()))) {
                throw new MultipartRejectedException(Reason.INVALID_PART, "part " + ref.number() + " has etag "
                        + part.etag() + ", not " + shortened(ref.etag()) + " (it was re-sent, or the list is wrong)");
            }
            chosen.add(part);
            total += part.size();
        }
        for (UploadedPart part : chosen.subList(0, chosen.size() - 1)) {
            if (part.size() < limits.minPartSize()) {
                throw new MultipartRejectedException(Reason.PART_TOO_SMALL, "part " + part.number() + " is " + part.size()
                        + " bytes; every part but the last must be at least " + limits.minPartSize());
            }
        }
        if (total > limits.maxBytes()) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                    "the parts add up to " + total + " bytes, over the limit of " + limits.maxBytes());
        }
        if (current.declaredSize().isPresent() && current.declaredSize().getAsLong() != total) {
            throw new MultipartRejectedException(Reason.SIZE_MISMATCH, "the parts add up to " + total
                    + " bytes, but the upload was started with size " + current.declaredSize().getAsLong());
        }
        return chosen;
    }

    /** Clients copy S3 etags with their quotes; hex case does not matter. */
    private static String normalise(String etag) {
        String e = etag == null ? "" : etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }
}
