package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ImageRecord;

/** What an upload gave: a new image, or ({@code duplicate}) the owner's image that already had these bytes. */
public record Uploaded(ImageRecord record, boolean duplicate) {
}
