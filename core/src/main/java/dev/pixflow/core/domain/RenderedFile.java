package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Variant;

import java.nio.file.Path;

/**
 * One output of a render, written by the engine to a local file that the caller then stores.
 * {@code frames} counts the frames written; {@code firstFrameOnly} says an animated source was cut to
 * its first frame (over the frame limit, or for a format that cannot animate).
 */
public record RenderedFile(Variant spec, Path file, ImageFormat format, int width, int height, int frames,
                           boolean firstFrameOnly) {

    public RenderedFile(Variant spec, Path file, ImageFormat format, int width, int height) {
        this(spec, file, format, width, height, 1, false);
    }
}
