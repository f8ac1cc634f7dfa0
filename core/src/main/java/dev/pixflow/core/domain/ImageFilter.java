package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.media.ImageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a listing keeps, every condition given having to hold. Time ranges include their start and
 * exclude their end; {@code tags} must all be on the image.
 *
 * @param hasGps images whose EXIF holds a position (or, false, holds none)
 */
public record ImageFilter(List<String> tags, Optional<Instant> createdFrom, Optional<Instant> createdTo,
                          Optional<Instant> takenFrom, Optional<Instant> takenTo, Optional<ImageFormat> format,
                          Optional<Integer> minWidth, Optional<Integer> minHeight, Optional<Orientation> orientation,
                          Optional<Boolean> hasGps, Optional<ImageStatus> status) {
    public static final int MAX_TAGS = 10;

    public static final ImageFilter NONE = new ImageFilter(List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public ImageFilter {
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tag", "at most " + MAX_TAGS + " tags");
        }
        tags = tags.stream().map(ImageMetadata::normaliseTag).distinct().toList();
        minWidth.ifPresent(w -> positive("minWidth", w));
        minHeight.ifPresent(h -> positive("minHeight", h));
    }

    public static ImageFilter tagged(String... tags) {
        return NONE.withTags(List.of(tags));
    }

    public ImageFilter withTags(List<String> next) {
        return new ImageFilter(next, createdFrom, createdTo, takenFrom, takenTo, format, minWidth, minHeight,
                orientation, hasGps, status);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** For callers that set a few conditions, as the API and tests do. */
    public static final class Builder {
        private List<String> tags = List.of();
        private Instant createdFrom;
        private Instant createdTo;
        private Instant takenFrom;
        private Instant takenTo;
        private ImageFormat format;
        private Integer minWidth;
        private Integer minHeight;
        private Orientation orientation;
        private Boolean hasGps;
        private ImageStatus status;

        private Builder() {
        }

        public Builder tags(List<String> v) { tags = List.copyOf(v); return this; }
        public Builder createdFrom(Instant v) { createdFrom = v; return this; }
        public Builder createdTo(Instant v) { createdTo = v; return this; }
        public Builder takenFrom(Instant v) { takenFrom = v; return this; }
        public Builder takenTo(Instant v) { takenTo = v; return this; }
        public Builder format(ImageFormat v) { format = v; return this; }
        public Builder minWidth(Integer v) { minWidth = v; return this; }
        public Builder minHeight(Integer v) { minHeight = v; return this; }
        public Builder orientation(Orientation v) { orientation = v; return this; }
        public Builder hasGps(Boolean v) { hasGps = v; return this; }
        public Builder status(ImageStatus v) { status = v; return this; }

        public ImageFilter build() {
            return new ImageFilter(tags, Optional.ofNullable(createdFrom), Optional.ofNullable(createdTo),
                    Optional.ofNullable(takenFrom), Optional.ofNullable(takenTo), Optional.ofNullable(format),
                    Optional.ofNullable(minWidth), Optional.ofNullable(minHeight), Optional.ofNullable(orientation),
                    Optional.ofNullable(hasGps), Optional.ofNullable(status));
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new InvalidInputException(field, "must be a positive number of pixels");
        }
    }
}
