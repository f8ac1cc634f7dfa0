package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** An upload and the parts the server holds: how a client that lost its connection knows what to resend. */
public final class DescribeUpload {
    public record Progress(MultipartUpload upload, List<UploadedPart> parts) {
    }

    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final UploadLookup lookup;

    public DescribeUpload(MultipartUploadStore uploads, PartStore parts, Clock clock) {
        this.uploads = uploads;
        this.parts = parts;
        this.lookup = new UploadLookup(uploads, clock);
    }

    /** The parts as the store holds them where it keeps its own list (it sees parts sent to it directly). */
    public Progress describe(Caller caller, UploadId id) throws IOException {
        MultipartUpload upload = lookup.require(caller, id);
        return new Progress(upload, parts.heldParts(upload).orElseGet(() -> uploads.parts(id)));
    }
}
