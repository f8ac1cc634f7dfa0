package dev.pixflow.core.port;

import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of multipart uploads' parts. Shaped after S3's own multipart API (UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload) so an S3 adapter can map each call to the bucket's,
 * and so a later one can hand clients presigned part URLs: the etag is made by the store, not by the
 * core, and the object is assembled by the store, where S3 does it without the bytes passing through
 * Pixflow.
 */
public interface PartStore {

    /** A part durably written; {@code location} is this store's handle for it. */
    record WrittenPart(String location, String etag, long size) {
    }

    /**
     * Streams one part to storage, computing its MD5 etag on the way, durable when this returns. Each
     * call writes a new location, so a part being re-sent never disturbs the copy already recorded.
     *
     * @throws dev.pixflow.core.domain.RejectedImageException     TOO_LARGE past {@code maxBytes}, EMPTY for no bytes
     * @throws dev.pixflow.core.domain.MultipartRejectedException CHECKSUM_MISMATCH; nothing is kept then
     */
    WrittenPart write(UploadId upload, int partNumber, InputStream body, long maxBytes, Optional<PartChecksum> checksum)
            throws IOException;

    /** The object's bytes: the given parts in the given order, streamed. The caller closes it. */
    InputStream assemble(UploadId upload, List<UploadedPart> parts) throws IOException;

    /** Deletes one part's bytes (a replaced or unrecorded one); a missing one is not an error. */
    void delete(UploadId upload, String location) throws IOException;

    /** Deletes every part of the upload; idempotent, so a reaper interrupted half-way simply runs again. */
    void deleteAll(UploadId upload) throws IOException;
}
