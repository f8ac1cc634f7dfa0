package dev.pixflow.core.usecase;

import dev.pixflow.core.port.BlobStore.StoredBlob;

import java.time.Instant;

/** Bytes ready to send: where they are, what they are, and the validators a cache needs. */
public record Delivery(StoredBlob blob, String mediaType, String etag, Instant lastModified) {
}
