package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.IncomingObject;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.IncomingStore;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ObjectEvents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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
 * a second one.
 */
public final class IngestIncoming {
    private static final Logger LOG = Logger.getLogger(IngestIncoming.class.getName());

    /** What became of one event. */
    public enum Outcome { INGESTED, ALREADY_INGESTED, GONE, REFUSED }

    private final ObjectEvents events;
    private final IncomingStore incoming;
    private final ImageRecords images;
    private final UploadImage uploads;
    private final String owner;

    /**
     * @param owner   whose images objects from the bucket become (the bucket has no caller of its own)
     */
    public IngestIncoming(ObjectEvents events, IncomingStore incoming, ImageRecords images, UploadImage uploads,
                          String owner) {
        this.events = events;
        this.incoming = incoming;
        this.images = images;
        this.uploads = uploads;
        this.owner = owner;
    }

    /** Handles the next event if one comes; empty when none did. Failures leave it for a retry. */
    public Optional<Outcome> handleNext(Duration hold) {
        Optional<IncomingObject> event = events.next(hold);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        try {
            Outcome outcome = ingest(event.get());
            events.done(event.get());
            return Optional.of(outcome);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ingesting " + event.get().key() + " failed; it will be retried", e);
            events.retryLater(event.get(), Duration.ofSeconds(10));
            return Optional.empty();
        }
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
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest((object.bucket() + "\n" + object.key() + "\n"
                    + object.sequencer()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long millis = object.eventTime().toEpochMilli();
        long high = (millis << 16) | 0x7000L | (((hash[0] & 0xFFL) << 4 | (hash[1] & 0x0FL)) & 0x0FFFL);
        long low = 0x8000000000000000L;
        for (int i = 2; i < 10; i++) {
            low |= (hash[i] & 0xFFL) << (8 * (9 - i));
        }
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return ImageId.of(new UUID(high, low));
    }
}
