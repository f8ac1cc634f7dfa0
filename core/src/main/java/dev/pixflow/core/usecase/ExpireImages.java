package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(ExpireImages.class.getName());
    /** Past this many failures in one sweep, the store is refusing more than an image or two: stop. */
    private static final int MAX_FAILED = 1000;

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

    /**
     * Sweeps until nothing expired by now is left but what could not be removed; the number of images
     * removed. An image whose removal fails (a store that refuses a delete) is logged and passed over,
     * and tried again on the next sweep: the images behind it in the order of expiry are not held up.
     */
    public int sweep() {
        Instant now = clock.instant();
        int removed = 0;
        Set<ImageId> failed = new HashSet<>();
        List<ImageRecord> due;
        int limit;
        do {
            // The ones that failed come back first: asked for beyond them, a batch is still a batch.
            limit = batch + failed.size();
            due = expirations.expired(now, limit);
            int inBatch = 0;
            for (ImageRecord image : due) {
                if (failed.contains(image.id())) {
                    continue;
                }
                try {
                    if (expire(image, now)) {
                        inBatch++;
                    }
                } catch (IOException | RuntimeException e) {
                    failed.add(image.id());
                    LOG.log(Level.WARNING, "could not remove expired image " + image.id() + "; the next sweep tries again", e);
                }
            }
            telemetry.imagesExpired(inBatch);
            removed += inBatch;
        } while (due.size() == limit && failed.size() < MAX_FAILED);
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
