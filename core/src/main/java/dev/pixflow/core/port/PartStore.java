package dev.pixflow.core.port;

import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The bytes of multipart uploads: shaped after S3's own multipart API (CreateMultipartUpload,
 * UploadPart, ListParts, CompleteMultipartUpload, AbortMultipartUpload), so that a store on S3 maps each
 * call to the bucket's and can let clients send bytes straight to it with presigned requests, while
 * the local disk keeps its files behind the same calls. The etag is made by the store, never by the
 * core.
 */
public interface PartStore {

    /** A part durably written; {@code location} is this store's handle for it. */
    record WrittenPart(String location, String etag, long size) {
    }

    /**
     * A request a client makes itself, straight to the store: the method, the presigned URL, the
     * headers it must send as they are (they are signed), and when the URL stops working.
     */
    record DirectRequest(String method, URI url, Map<String, String> headers, Instant expiresAt) {
    }

    /**
     * What completing reads: the object; whether it was sent whole (a single direct PUT) rather than in
     * parts; and, where the object already lies in the blob store (S3: the originals bucket), which object
     * and version it is, so that committing it copies it inside the store instead of sending it again.
     */
    record Assembled(InputStream object, boolean sentWhole, Optional<BlobStore.StoredBlob> inBlobStore) {
    }

    /** Storage for a new upload: the store's own id for it (S3's multipart upload id), empty where it keeps none. */
    Optional<String> begin(UploadId upload, Optional<String> contentType) throws IOException;

    /**
     * Streams one part to storage, never whole in memory, durable when this returns. A store that
     * needs the length first (S3) refuses a part without one.
     *
     * @throws dev.pixflow.core.domain.RejectedImageException     TOO_LARGE past {@code maxBytes}, EMPTY for no bytes
     * @throws dev.pixflow.core.domain.MultipartRejectedException CHECKSUM_MISMATCH, LENGTH_REQUIRED
     */
    WrittenPart write(MultipartUpload upload, int partNumber, InputStream body, OptionalLong length, long maxBytes,
                      Optional<PartChecksum> checksum) throws IOException;

    /** Whether clients may send parts (and small objects whole) straight to this store. */
    boolean takesDirectUploads();

    /**
     * A presigned UploadPart of exactly {@code size} bytes with that SHA-256, valid for {@code lifetime}.
     * Only for a store that {@link #takesDirectUploads}.
     */
    DirectRequest presignPart(MultipartUpload upload, int partNumber, long size, Optional<PartChecksum> sha256,
                              Duration lifetime);

    /** A presigned PUT of the whole object, {@code size} bytes of {@code contentType} (and, given one, that SHA-256). */
    DirectRequest presignObject(MultipartUpload upload, long size, String contentType, Optional<PartChecksum> sha256,
                                Duration lifetime);

    /**
     * The parts the store itself holds (S3's ListParts, which sees parts sent to it directly), by
     * ascending number; empty when the store keeps no list of its own, and the catalogue's is the truth.
     */
    Optional<List<UploadedPart>> heldParts(MultipartUpload upload) throws IOException;

    /**
     * Whether the store already holds the object whole: sent whole, or put together by a completion that
     * was cut off after the store assembled it (S3 then holds the object and no longer the parts, and the
     * part list it was made from was checked by that completion).
     */
    boolean holdsObject(MultipartUpload upload) throws IOException;

    /**
     * The object to complete: sent whole to the store, if it was; otherwise the given parts put
     * together in order (by the store itself, where it can), streamed. The caller closes it.
     */
    Optional<Assembled> assemble(MultipartUpload upload, List<UploadedPart> parts) throws IOException;

    /** Deletes one part's bytes (a replaced or unrecorded one); a missing one is not an error. */
    void delete(UploadId upload, String location) throws IOException;

    /**
     * Deletes everything of the upload (its parts, the store's upload, an object sent whole or put
     * together); idempotent, so a reaper interrupted half-way simply runs again.
     */
    void deleteAll(MultipartUpload upload) throws IOException;
}
