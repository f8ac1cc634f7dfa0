package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.ImageRecords;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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

    /** The image of a record: derived from its name and time, so the same record makes the same image. */
    public static ImageId idFor(String record, Instant producedAt) {
        return ImageId.derived("stream-record\n" + record, producedAt);
    }
}
