package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.DuplicateDiffersException;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.Telemetry;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The upload path: spool while hashing, probe the header, refuse before decoding what breaks a limit,
 * verify the pixels decode, hold the bytes against the owner's storage quota, commit the blob, then
 * write the record and its job in one transaction. Whatever fails before the record is written leaves
 * nothing behind.
 *
 * <p>Originals are content addressed: the bytes go under their SHA-256, shared by every record that
 * has them. A reference is taken before they are written, so a removal of the last other record at the
 * same moment cannot delete them under this one. File names are only metadata: two uploads named
 * {@code IMG_0001.jpg} are two images.
 */
public final class UploadImage {
    private final UploadSpooler spooler;
    private final ImageEngine engine;
    private final BlobStore blobs;
    private final ImageRecords records;
    private final ImageSearch search;
    private final BlobReferences references;
    private final VariantCatalogue variants;
    private final UploadLimits limits;
    private final Supplier<ImageId> ids;
    private final Clock clock;
    private final Telemetry telemetry;
    private final RenderGate gate;
    private final Lifecycle lifecycle;
    private final StorageQuota quota;

    public UploadImage(UploadSpooler spooler, RenderGate gate, ImageEngine engine, BlobStore blobs, ImageRecords records,
                       ImageSearch search, BlobReferences references, UploadPolicy policy, Supplier<ImageId> ids,
                       Clock clock, Telemetry telemetry) {
        this.spooler = spooler;
        this.gate = gate;
        this.engine = engine;
        this.blobs = blobs;
        this.records = records;
        this.search = search;
        this.references = references;
        this.variants = policy.variants();
        this.limits = policy.limits();
        this.lifecycle = policy.lifecycle();
        this.quota = policy.quota();
        this.ids = ids;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    public long maxBytes() {
        return spooler.maxBytes();
    }

    /**
     * Refuses an upload of {@code bytes} that its owner's quota has no room for now, before the bytes
     * are sent or put together; the upload itself is held against the quota when it is stored.
     */
    public void checkQuota(String owner, long bytes) {
        try {
            quota.check(owner, bytes);
        } catch (RejectedImageException e) {
            telemetry.uploadRejected(e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        }
    }

    /** The image the upload made, or the owner's duplicate when the request reuses those. */
    public ImageRecord upload(UploadRequest request) throws IOException {
        return store(request).record();
    }

    public Uploaded store(UploadRequest request) throws IOException {
        try {
            Optional<ImageFormat> declared = declaredFormat(request.declaredMediaType());
            request.expiresAt().ifPresent(at -> Lifecycle.requireFuture(at, clock.instant()));
            try (SpooledUpload spooled = spooler.spool(request.body(), request.maxBytes().orElse(spooler.maxBytes()))) {
                ImageProbe probe = inspect(spooled, declared);
                if (request.reuseDuplicate()) {
                    Optional<ImageRecord> same = search.findDuplicate(request.owner(), spooled.sha256(), clock.instant());
                    if (same.isPresent()) {
                        return duplicate(request, same.get());
                    }
                }
                return commit(request, spooled, probe);
            }
        } catch (RejectedImageException e) {
            telemetry.uploadRejected(e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        } catch (MultipartRejectedException e) {
            // The body did not match the checksum sent with it (PartChecksum.verifying).
            telemetry.uploadRejected(e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        }
    }

    /** The owner's image of the same bytes, as this upload's answer, unless the upload asks for it otherwise. */
    private Uploaded duplicate(UploadRequest request, ImageRecord same) {
        List<String> differing = differing(request, same);
        if (!differing.isEmpty()) {
            throw new DuplicateDiffersException(same.id(), differing);
        }
        telemetry.uploadDuplicate();
        return new Uploaded(same, true);
    }

    /**
     * What the upload asks for that its duplicate is not: the fields it gives (a title, tags, an expiry...)
     * with another value. Public is what an upload is when it says nothing, so only private is asked for.
     */
    private static List<String> differing(UploadRequest request, ImageRecord existing) {
        ImageMetadata asked = request.metadata();
        ImageMetadata has = existing.metadata();
        List<String> out = new ArrayList<>();
        if (differs(asked.title(), has.title())) {
            out.add("title");
        }
        if (differs(asked.description(), has.description())) {
            out.add("description");
        }
        if (!asked.tags().isEmpty() && !Set.copyOf(asked.tags()).equals(Set.copyOf(has.tags()))) {
            out.add("tags");
        }
        if (asked.visibility() != Visibility.PUBLIC && asked.visibility() != has.visibility()) {
            out.add("visibility");
        }
        if (differs(asked.altText(), has.altText())) {
            out.add("altText");
        }
        // To the millisecond, as the stores keep it.
        if (request.expiresAt().isPresent() && !request.expiresAt().map(at -> at.truncatedTo(ChronoUnit.MILLIS))
                .equals(existing.expiresAt().map(at -> at.truncatedTo(ChronoUnit.MILLIS)))) {
            out.add("expiresAt");
        }
        return out;
    }

    /** A text the upload gives (a request's blank field is none already) that the image has not. */
    private static boolean differs(String asked, String has) {
        return asked != null && !asked.equals(has);
    }

    /** Header checks first, so a pixel bomb is refused before the decode that verifies the pixels. */
    private ImageProbe inspect(SpooledUpload spooled, Optional<ImageFormat> declared) throws IOException {
        try {
            return gate.run(() -> {
                ImageProbe probe = engine.probe(spooled.file());
                checkDeclared(declared, probe.format());
                checkLimits(probe);
                engine.verify(spooled.file());
                return probe;
            });
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Uploaded commit(UploadRequest request, SpooledUpload spooled, ImageProbe probe) throws IOException {
        ImageId id = request.id().orElseGet(ids);
        // Millisecond precision: the stores keep milliseconds, and the record returned must equal the one read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        BlobKey key = BlobKey.content(spooled.sha256());
        ImageRecord record = new ImageRecord(id, request.owner(), ImageStatus.PROCESSING,
                FileNames.clean(request.filename(), probe.format()), probe.format(), spooled.size(),
                probe.width(), probe.height(), probe.hasAlpha(), spooled.sha256(), key, request.metadata(),
                now, now, Map.of(), List.of(), probe.exif(), lifecycle.expiryOf(now, request.expiresAt()));
        Optional<ImageRecord> first;
        // Held until the record is committed, when its own bytes count instead; refused, nothing is stored.
        try (StorageQuota.Hold held = quota.hold(request.owner(), spooled.size())) {
            references.retainBlob(key, now);
            try {
                // The spooled bytes are the ones hashed; a copy inside the store is taken only if its object is still them.
                if (request.inBlobStore().isEmpty() || !blobs.copyIfUnchanged(request.inBlobStore().get(), key)) {
                    blobs.put(key, spooled.file());
                }
                JobSpec job = new JobSpec(id, variants.names());
                if (request.reuseDuplicate()) {
                    // Looked for again where the record is written: another upload of the same bytes may have been first.
                    first = records.createUnlessDuplicate(record, job, clock.instant());
                } else {
                    records.create(record, job);
                    first = Optional.empty();
                }
            } catch (RuntimeException | IOException e) {
                try {
                    references.releaseBlob(key, blobs::delete);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
        if (first.isPresent()) {
            // Its image holds the same bytes: this upload's hold on them goes, the object stays.
            references.releaseBlob(key, blobs::delete);
            return duplicate(request, first.get());
        }
        telemetry.uploadAccepted(spooled.size());
        telemetry.jobQueued();
        return new Uploaded(record, false);
    }

    private static Optional<ImageFormat> declaredFormat(Optional<String> mediaType) {
        if (mediaType.isEmpty() || ImageFormat.saysNothing(mediaType.get())) {
            return Optional.empty();
        }
        Optional<ImageFormat> format = ImageFormat.fromMediaType(mediaType.get());
        if (format.isEmpty()) {
            throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                    "'" + mediaType.get() + "' is not an accepted image type (jpeg, png, webp, gif, tiff, avif, heic)");
        }
        return format;
    }


    private static void checkDeclared(Optional<ImageFormat> declared, ImageFormat actual) {
        // HEIF containers hold HEIC or AVIF; clients often label either as the other.
        boolean heifFamily = declared.isPresent()
                && (declared.get() == ImageFormat.HEIC || declared.get() == ImageFormat.AVIF)
                && (actual == ImageFormat.HEIC || actual == ImageFormat.AVIF);
        if (declared.isPresent() && declared.get() != actual && !heifFamily) {
            throw new RejectedImageException(Reason.TYPE_MISMATCH,
                    "declared " + declared.get().mediaType() + " but the bytes are " + actual.mediaType());
        }
    }

    private void checkLimits(ImageProbe probe) {
        if (probe.pixels() > limits.maxPixels()) {
            throw new RejectedImageException(Reason.TOO_MANY_PIXELS, "%dx%d is %d pixels, over the limit of %d"
                    .formatted(probe.width(), probe.height(), probe.pixels(), limits.maxPixels()));
        }
    }
}
