package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.IncomingObject;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.IncomingStore;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ObjectEvents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an object written straight into the originals bucket into an image, as if it had been
 * uploaded: the same checks (probe, pixel limit, verify), the original stored under its server-made
 * key, the record and its job committed together; then the incoming object is removed. A refused
 * object is removed too (its reason logged), since retrying cannot make it an image.
 *
 * <p>The image id is made from the event (its time as the UUIDv7 time, the rest from a hash of bucket,
 * key and sequencer), so an event delivered twice finds the image it already made rather than making
 * a second one. An owner over its storage quota is no fault of the object's: it stays in the bucket and
 * its event comes back later (dead-lettered by the queue's own rules if the owner never makes room).
 *
 * <p>Objects under the uploads prefix are uploads' own, sent whole to the bucket with a presigned PUT
 * (or put together by a complete): their event completes the upload, as the owner's complete call
 * does, whichever comes first.
 */
public final class IngestIncoming {
    private static final Logger LOG = Logger.getLogger(IngestIncoming.class.getName());
    /** How long an object of an owner over its quota waits before it is tried again. */
    static final Duration OVER_QUOTA_RETRY = Duration.ofMinutes(1);

    /** What became of one event. */
    public enum Outcome { INGESTED, ALREADY_INGESTED, GONE, REFUSED, OVER_QUOTA, UPLOAD_COMPLETED, UPLOAD_ALREADY_COMPLETED, UPLOAD_HELD, UPLOAD_NOT_SENT }

    private final ObjectEvents events;
    private final IncomingStore incoming;
    private final ImageRecords images;
    private final UploadImage uploads;
    private final String owner;
    private final CompleteUpload completions;
    private final String uploadsPrefix;

    /**
     * @param owner         whose images objects from the bucket become (the bucket has no caller of its own)
     * @param uploadsPrefix where uploads sent straight to the bucket are, {@code {prefix}{uploadId}}
     */
    public IngestIncoming(ObjectEvents events, IncomingStore incoming, ImageRecords images, UploadImage uploads,
                          String owner, CompleteUpload completions, String uploadsPrefix) {
        this.events = events;
        this.incoming = incoming;
        this.images = images;
        this.uploads = uploads;
        this.owner = owner;
        this.completions = completions;
        this.uploadsPrefix = uploadsPrefix;
    }

    /** Handles the next event if one comes; empty when none did. Failures leave it for a retry. */
    public Optional<Outcome> handleNext(Duration hold) {
        Optional<IncomingObject> event = events.next(hold);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (event.get().key().startsWith(uploadsPrefix)) {
                return Optional.of(completeUpload(event.get()));
            }
            Outcome outcome = ingest(event.get());
            if (outcome == Outcome.OVER_QUOTA) {
                events.retryLater(event.get(), OVER_QUOTA_RETRY);
            } else {
                events.done(event.get());
            }
            return Optional.of(outcome);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ingesting " + event.get().key() + " failed; it will be retried", e);
            events.retryLater(event.get(), Duration.ofSeconds(10));
            return Optional.empty();
        }
    }

    /** A completion held by another request may still fail: the event comes back when its lease runs out. */
    private Outcome completeUpload(IncomingObject event) throws IOException {
        Optional<UploadId> id = UploadId.parse(event.key().substring(uploadsPrefix.length()));
        CompleteUpload.Sent sent = id.isEmpty() ? CompleteUpload.Sent.GONE : completions.completeSent(id.get());
        if (sent == CompleteUpload.Sent.HELD) {
            events.retryLater(event, CompleteUpload.LEASE);
            return Outcome.UPLOAD_HELD;
        }
        events.done(event);
        return switch (sent) {
            case COMPLETED -> Outcome.UPLOAD_COMPLETED;
            case ALREADY_COMPLETED -> Outcome.UPLOAD_ALREADY_COMPLETED;
            case NOT_SENT -> Outcome.UPLOAD_NOT_SENT;
            case REFUSED -> Outcome.REFUSED;
            case GONE, HELD -> Outcome.GONE;
        };
    }

    Outcome ingest(IncomingObject object) throws IOException {
        ImageId id = idFor(object);
        if (images.find(id).isPresent()) {
            incoming.delete(object);
            return Outcome.ALREADY_INGESTED;
        }
        try (BlobStore.LocalCopy copy = incoming.download(object);
             InputStream body = Files.newInputStream(copy.path())) {
            uploads.upload(new UploadRequest(body, Optional.empty(), filename(object.key()), ImageMetadata.empty(), owner)
                    .withId(id));
        } catch (NoSuchFileException gone) {
            return Outcome.GONE;
        } catch (QuotaExceededException full) {
            LOG.warning(() -> "left " + object.key() + " in the bucket for later: " + full.getMessage());
            return Outcome.OVER_QUOTA;
        } catch (RejectedImageException refused) {
            LOG.warning(() -> "removed " + object.key() + " from the bucket: " + refused.getMessage());
            incoming.delete(object);
            return Outcome.REFUSED;
        }
        incoming.delete(object);
        return Outcome.INGESTED;
    }

    static String filename(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** A UUIDv7: the event's time in milliseconds, then bits of SHA-256 of bucket, key and sequencer. */
    public static ImageId idFor(IncomingObject object) {
        return ImageId.derived(object.bucket() + "\n" + object.key() + "\n" + object.sequencer(), object.eventTime());
    }
}
