package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deletes the parts of uploads left unfinished past their expiry, a bounded batch at a time so one run
 * never holds the database long. Bytes go before the record: a run cut short leaves the record, and the
 * next run deletes the (already partly deleted) bytes again. Expired uploads take no parts, so nothing
 * is added behind the reaper's back.
 */
public final class ReapExpiredUploads {
    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final Clock clock;
    private final int batchSize;

    public ReapExpiredUploads(MultipartUploadStore uploads, PartStore parts, Clock clock, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.uploads = uploads;
        this.parts = parts;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** One batch; the number of uploads removed. */
    public int reapBatch() throws IOException {
        Instant now = clock.instant();
        List<UploadId> expired = uploads.expired(now, batchSize);
        int removed = 0;
        for (UploadId id : expired) {
            Optional<MultipartUpload> upload = uploads.find(id);
            if (upload.isPresent()) {
                parts.deleteAll(upload.get());
            }
            if (uploads.deleteExpired(id, now)) {
                removed++;
            }
        }
        return removed;
    }

    /** Batches until one comes back short. */
    public int reapAll() throws IOException {
        return Batches.untilShort(batchSize, this::reapBatch);
    }
}
