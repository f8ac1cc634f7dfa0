package dev.pixflow.core.domain;

import java.time.Instant;

/**
 * One part the server holds. {@code etag} is the hex MD5 of the part's bytes, as S3 makes it;
 * {@code location} is the part store's own handle for the bytes, opaque to everyone else.
 */
public record UploadedPart(int number, String etag, long size, String location, Instant receivedAt) {
}
