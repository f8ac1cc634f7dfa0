package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartRejectedException.Reason;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.NotFoundException;
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
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Completes a multipart upload: checks the client's part list against what the server holds (S3's
 * rules), then streams the parts in order into the synchronous upload's path, which hashes, probes,
 * enforces the limits, commits the blob and writes the record and its job. The object is never
 * assembled in memory, and no rule of the synchronous upload is repeated here.
 */
public final class CompleteUpload {
    /** How long a complete in progress keeps the reaper away: far longer than assembling 5 GiB takes. */
    static final Duration HOLD = Duration.ofHours(1);

    /** A part as the client lists it. */
    public record PartRef(int number, String etag) {
    }

    /** The image made; {@code replayed} when an earlier complete of the same upload made it. */
    public record Completed(ImageRecord image, boolean replayed) {
    }

    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final UploadImage upload;
    private final ImageRecords records;
    private final MultipartLimits limits;
    private final UploadLookup lookup;
    private final Clock clock;

    public CompleteUpload(MultipartUploadStore uploads, PartStore parts, UploadImage upload, ImageRecords records,
                          MultipartLimits limits, Clock clock) {
        this.uploads = uploads;
        this.parts = parts;
        this.upload = upload;
        this.records = records;
        this.limits = limits;
        this.lookup = new UploadLookup(uploads, clock);
        this.clock = clock;
    }

    public Completed complete(Caller caller, UploadId id, List<PartRef> listed) throws IOException {
        MultipartUpload current = lookup.require(caller, id);
        if (current.state() == UploadState.COMPLETED) {
            return replay(current);
        }
        Instant now = clock.instant();
        if (current.state() != UploadState.OPEN || !uploads.startCompleting(id, now, now.plus(HOLD))) {
            MultipartUpload again = lookup.require(caller, id);
            if (again.state() == UploadState.COMPLETED) {
                return replay(again);
            }
            throw UploadLookup.notOpen(again);
        }
        // From here no part can be added or replaced: the list is checked against what will be read.
        List<UploadedPart> chosen;
        try {
            chosen = choose(current, listed, uploads.parts(id));
        } catch (RuntimeException e) {
            uploads.reopen(id);
            throw e;
        }
        ImageRecord image;
        try (InputStream object = parts.assemble(id, chosen)) {
            image = upload.upload(new UploadRequest(object, current.contentType(), current.filename(),
                    current.metadata(), current.owner(), OptionalLong.of(limits.maxBytes())));
        } catch (RejectedImageException e) {
            // Not an acceptable image: as with the synchronous upload, nothing of it is kept.
            discard(id);
            throw e;
        } catch (IOException | RuntimeException e) {
            // Overload or storage trouble: the parts stay, and the client may complete again.
            uploads.reopen(id);
            throw e;
        }
        uploads.markCompleted(id, image.id());
        parts.deleteAll(id);
        return new Completed(image, false);
    }

    private Completed replay(MultipartUpload done) {
        return done.image().flatMap(records::find).map(image -> new Completed(image, true))
                .orElseThrow(() -> new NotFoundException("upload " + done.id() + " was completed, and its image is deleted"));
    }

    private void discard(UploadId id) throws IOException {
        uploads.delete(id);
        parts.deleteAll(id);
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
                        + part.etag() + ", not " + ref.etag() + " (it was re-sent, or the list is wrong)");
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
