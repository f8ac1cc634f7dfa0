package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;

import java.util.Optional;

/** What a rendition is encoded as; {@code AUTO} is chosen from the client's Accept header. */
public enum OutputFormat {
    JPEG, PNG, WEBP, AVIF, GIF, AUTO;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The concrete format, empty for {@code AUTO}. */
    public Optional<ImageFormat> concrete() {
        return this == AUTO ? Optional.empty() : Optional.of(ImageFormat.valueOf(name()));
    }

    public static OutputFormat fromId(String field, String id) {
        return switch (id) {
            case "jpeg", "jpg" -> JPEG;
            case "png" -> PNG;
            case "webp" -> WEBP;
            case "avif" -> AVIF;
            case "gif" -> GIF;
            case "auto" -> AUTO;
            default -> throw new InvalidInputException(field, "'" + id + "' is not an output format (jpeg, png, webp, avif, gif, auto)");
        };
    }
}
