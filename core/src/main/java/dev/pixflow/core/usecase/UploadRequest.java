package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.domain.ImageMetadata;

import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One synchronous upload. {@code declaredMediaType} is what the client claimed (a raw body's
 * Content-Type, or a multipart part's); when it names an image format the bytes must be that format.
 * {@code maxBytes} overrides the synchronous limit for this request: an assembled multipart upload has
 * its own, larger one. {@code expiresAt} overrides the default time to live. With {@code reuseDuplicate},
 * bytes the owner already has answer with that image instead of making a new one. {@code id} is the
 * image's id when it was decided before the upload (derived from an ingested record, so that the same
 * record makes the same image); otherwise a new one is made. {@code inBlobStore} is the object the
 * same bytes already are in the blob store, if any (an upload completed in the bucket).
 */
public record UploadRequest(InputStream body, Optional<String> declaredMediaType, String filename,
                            ImageMetadata metadata, String owner, OptionalLong maxBytes, Optional<Instant> expiresAt,
                            boolean reuseDuplicate, Optional<ImageId> id, Optional<StoredBlob> inBlobStore) {

    public UploadRequest(InputStream body, Optional<String> declaredMediaType, String filename, ImageMetadata metadata,
                         String owner, OptionalLong maxBytes, Optional<Instant> expiresAt, boolean reuseDuplicate) {
        this(body, declaredMediaType, filename, metadata, owner, maxBytes, expiresAt, reuseDuplicate, Optional.empty(),
                Optional.empty());
    }

    public UploadRequest(InputStream body, Optional<String> declaredMediaType, String filename, ImageMetadata metadata,
                         String owner) {
        this(body, declaredMediaType, filename, metadata, owner, OptionalLong.empty());
    }

    public UploadRequest(InputStream body, Optional<String> declaredMediaType, String filename, ImageMetadata metadata,
                         String owner, OptionalLong maxBytes) {
        this(body, declaredMediaType, filename, metadata, owner, maxBytes, Optional.empty(), false);
    }

    /** This upload, making the image with {@code id}. */
    public UploadRequest withId(ImageId id) {
        return new UploadRequest(body, declaredMediaType, filename, metadata, owner, maxBytes, expiresAt, reuseDuplicate,
                Optional.of(id), inBlobStore);
    }

    /**
     * This upload, whose bytes are also {@code stored} in the blob store (an upload completed in the
     * bucket): committing copies that object inside the store, if it still is those bytes, rather than
     * sending them again.
     */
    public UploadRequest alreadyIn(StoredBlob stored) {
        return new UploadRequest(body, declaredMediaType, filename, metadata, owner, maxBytes, expiresAt, reuseDuplicate, id,
                Optional.of(stored));
    }
}
