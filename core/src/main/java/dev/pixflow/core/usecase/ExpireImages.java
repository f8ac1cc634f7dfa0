package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The lifecycle sweeper: removes images whose expiry has passed, with their renditions and (when no
 * other record holds it) their original, in batches, leaving a tombstone so they answer 410 rather
 * than 404. Readers already treat an image as gone from its expiry on; this frees the storage.
 *
 * <p>Idempotent and safe to run in several processes at once: renditions are deleted before the
 * record, so a crash leaves the record to be swept again; removing a record another sweeper already
 * removed does nothing; renditions are deleted once more after the record, in case a worker finished
 * one in between.
 */
public final class ExpireImages {
    private final ImageRecords records;
    private final Expirations expirations;
    private final BlobStore blobs;
    private final Clock clock;
    private final Telemetry telemetry;
    private final int batch;

    public ExpireImages(ImageRecords records, Expirations expirations, BlobStore blobs, Clock clock, Telemetry telemetry, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.records = records;
        this.expirations = expirations;
        this.blobs = blobs;
        this.clock = clock;
        this.telemetry = telemetry;
        this.batch = batch;
    }

    /** Sweeps until nothing expired by now is left; the number of images removed. */
    public int sweep() throws IOException {
        Instant now = clock.instant();
        int removed = 0;
        List<ImageRecord> due;
        do {
            due = expirations.expired(now, batch);
            int inBatch = 0;
            for (ImageRecord image : due) {
                if (expire(image, now)) {
                    inBatch++;
                }
            }
            telemetry.imagesExpired(inBatch);
            removed += inBatch;
        } while (due.size() == batch);
        return removed;
    }

    private boolean expire(ImageRecord image, Instant now) throws IOException {
        String renditions = BlobKey.renditionPrefix(image.id());
        blobs.deletePrefix(renditions);
        boolean removed = records.remove(image.id(), now, image.expiresAt(), blobs::delete).isPresent();
        blobs.deletePrefix(renditions);
        return removed;
    }
}
