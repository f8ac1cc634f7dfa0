package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;

import java.util.Optional;

/**
 * Lays another image over this one: a stored image (by id) or the configured logo ({@value #LOGO}).
 * It is scaled to {@code scalePercent} of the base image's width, made {@code opacity} percent
 * opaque, and placed by gravity {@code margin} pixels from the edges, or repeated over the whole
 * image ({@code tile}, {@code margin} apart).
 */
public record Watermark(String source, Gravity position, int margin, int opacity, int scalePercent, boolean tile)
        implements Op {
    public static final String LOGO = "logo";

    public Watermark {
        Op.required("image", source);
        if (!LOGO.equals(source) && ImageId.parse(source).isEmpty()) {
            throw new InvalidInputException("image", "'" + source + "' is neither an image id nor '" + LOGO + "'");
        }
        position = position == null ? Gravity.SOUTH_EAST : position;
        if (position.looksAtPixels()) {
            throw new InvalidInputException("position", "a watermark is placed by centre or a compass point");
        }
        Op.range("margin", margin, 0, 10_000);
        Op.range("opacity", opacity, 1, 100);
        Op.range("scale", scalePercent, 1, 100);
    }

    public static Watermark of(String source) {
        return new Watermark(source, null, 16, 50, 20, false);
    }

    /** The stored image this watermark uses, empty for the configured logo. */
    public Optional<ImageId> imageId() {
        return ImageId.parse(source);
    }

    @Override
    public String name() {
        return "watermark";
    }
}
