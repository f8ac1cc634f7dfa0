package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;

import java.io.IOException;
import java.time.Clock;

/**
 * Aborts an open upload: the record goes first, so no part can be recorded after it, then the bytes.
 * A part still being written when this runs finds its record refused and deletes its own bytes.
 */
public final class AbortUpload {
    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final UploadLookup lookup;

    public AbortUpload(MultipartUploadStore uploads, PartStore parts, Clock clock) {
        this.uploads = uploads;
        this.parts = parts;
        this.lookup = new UploadLookup(uploads, clock);
    }

    public void abort(Caller caller, UploadId id) throws IOException {
        MultipartUpload upload = lookup.requireOpen(caller, id);
        if (!uploads.deleteIfOpen(id)) {
            throw lookup.whyNotOpen(caller, id);
        }
        parts.deleteAll(upload);
    }
}
