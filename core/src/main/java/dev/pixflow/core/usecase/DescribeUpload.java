package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.MultipartUploadStore;

import java.time.Clock;
import java.util.List;

/** An upload and the parts the server holds: how a client that lost its connection knows what to resend. */
public final class DescribeUpload {
    public record Progress(MultipartUpload upload, List<UploadedPart> parts) {
    }

    private final MultipartUploadStore uploads;
    private final UploadLookup lookup;

    public DescribeUpload(MultipartUploadStore uploads, Clock clock) {
        this.uploads = uploads;
        this.lookup = new UploadLookup(uploads, clock);
    }

    public Progress describe(Caller caller, UploadId id) {
        MultipartUpload upload = lookup.require(caller, id);
        return new Progress(upload, uploads.parts(id));
    }
}
