package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.ImageRecords;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns one record of a stream into an image exactly as an upload would, once. The record's name is
 * looked up first; a record not seen before gets an image id made from its name and time, is uploaded
 * under that id, and only then remembered. A delivery that stopped between the image and the mark is
 * therefore caught by the id: its redelivery finds the image and writes the mark it missed.
 */
public final class IngestRecord {

    /** The record's image; {@code again} when an earlier delivery had already made it. */
    public record Ingested(ImageId image, boolean again) {
    }

    /** The record's content as an upload, opened only for a record not yet ingested. */
    @FunctionalInterface
    public interface Content {
        UploadRequest open() throws IOException;
    }

    private final IngestedRecords records;
    private final ImageRecords images;
    private final UploadImage uploads;
    private final Clock clock;

    public IngestRecord(IngestedRecords records, ImageRecords images, UploadImage uploads, Clock clock) {
        this.records = records;
        this.images = images;
        this.uploads = uploads;
        this.clock = clock;
    }

    /**
     * @param record   the record's stable name (its key, or topic, partition and offset)
     * @param producedAt the record's own timestamp, the time part of the image id
     */
    public Ingested ingest(String record, Instant producedAt, Content content) throws IOException {
        Optional<ImageId> known = records.find(record);
        if (known.isPresent()) {
            return new Ingested(known.get(), true);
        }
        ImageId id = idFor(record, producedAt);
        boolean again = images.find(id).isPresent();
        if (!again) {
            UploadRequest request = content.open();
            try (InputStream body = request.body()) {
                uploads.upload(request.withId(id));
            } catch (RuntimeException e) {
                // Another consumer (after a rebalance) committed the same id first: the image exists once.
                if (images.find(id).isEmpty()) {
                    throw e;
                }
                again = true;
            }
        }
        records.remember(record, id, clock.instant());
        return new Ingested(id, again);
    }

    /** A UUIDv7: the record's time in milliseconds, then bits of the SHA-256 of its name. */
    public static ImageId idFor(String record, Instant producedAt) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(("stream-record\n" + record).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long millis = producedAt.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (((hash[0] & 0xFFL) << 4 | (hash[1] & 0x0FL)) & 0x0FFFL);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = (low << 8) | (hash[i] & 0xFFL);
        }
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return ImageId.of(new UUID(high, low));
    }
}
