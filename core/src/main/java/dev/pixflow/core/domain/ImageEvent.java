package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.ImageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One thing that happened to an image. The facts that do not apply to a type are empty or zero:
 * {@code variant}, {@code width}, {@code height} and {@code renderTime} belong to a rendition,
 * {@code error} to a dead job; {@code format} and {@code bytes} are the original's for
 * {@link EventType#IMAGE_STORED} and the rendition's for {@link EventType#RENDITION_READY} and
 * {@link EventType#RENDITION_DELETED}.
 * The id is the receiver's key for dropping a delivery it has already seen.
 */
public record ImageEvent(
        UUID id,
        EventType type,
        Instant occurredAt,
        ImageId imageId,
        String owner,
        Optional<String> variant,
        Optional<ImageFormat> format,
        long bytes,
        int width,
        int height,
        Optional<Duration> renderTime,
        Optional<String> error) {

    public ImageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(imageId, "imageId");
        variant = variant == null ? Optional.empty() : variant;
        format = format == null ? Optional.empty() : format;
        renderTime = renderTime == null ? Optional.empty() : renderTime;
        error = error == null ? Optional.empty() : error;
    }

    public static ImageEvent stored(ImageRecord image, Instant at) {
        return new ImageEvent(UUID.randomUUID(), EventType.IMAGE_STORED, at, image.id(), image.owner(),
                Optional.empty(), Optional.of(image.format()), image.bytes(), image.width(), image.height(),
                Optional.empty(), Optional.empty());
    }

    public static ImageEvent renditionReady(ImageId image, String owner, Rendition rendition, Duration took,
                                            Instant at) {
        return new ImageEvent(UUID.randomUUID(), EventType.RENDITION_READY, at, image, owner,
                Optional.of(rendition.variant()), Optional.of(rendition.format()), rendition.bytes(),
                rendition.width(), rendition.height(), Optional.of(took), Optional.empty());
    }

    /**
     * An asked-for rendition removed through the API: its name, and the size and format of what had been
     * made under it (none when it was removed before it was made).
     */
    public static ImageEvent renditionDeleted(ImageId image, String owner, String name, Optional<Rendition> made,
                                              Instant at) {
        return new ImageEvent(UUID.randomUUID(), EventType.RENDITION_DELETED, at, image, owner, Optional.of(name),
                made.map(Rendition::format), made.map(Rendition::bytes).orElse(0L), made.map(Rendition::width).orElse(0),
                made.map(Rendition::height).orElse(0), Optional.empty(), Optional.empty());
    }

    /** A job that used up its attempts; {@code variant} when it was rendering one. */
    public static ImageEvent jobDead(ImageId image, String owner, Optional<String> variant, String error,
                                     Instant at) {
        return new ImageEvent(UUID.randomUUID(), EventType.JOB_DEAD, at, image, owner, variant,
                Optional.empty(), 0, 0, 0, Optional.empty(), Optional.of(error));
    }

    public static ImageEvent expired(ImageRecord image, Instant at) {
        return gone(EventType.IMAGE_EXPIRED, image, at);
    }

    public static ImageEvent deleted(ImageRecord image, Instant at) {
        return gone(EventType.IMAGE_DELETED, image, at);
    }

    /**
     * Whether {@code bytes}, {@code width} and {@code height} describe something stored (an original or a
     * rendition): a dead job's event has no such thing, and its zeros are no sizes to tell or to count.
     */
    public boolean hasSize() {
        return format.isPresent();
    }

    private static ImageEvent gone(EventType type, ImageRecord image, Instant at) {
        return new ImageEvent(UUID.randomUUID(), type, at, image.id(), image.owner(), Optional.empty(),
                Optional.of(image.format()), image.bytes(), image.width(), image.height(), Optional.empty(),
                Optional.empty());
    }
}
