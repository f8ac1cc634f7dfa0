package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageFormat;

/**
 * What the header of an image says, read without decoding pixels. Width and height are as displayed,
 * after EXIF orientation; {@code pages} counts animation frames; {@code exif} is what the camera wrote.
 */
public record ImageProbe(ImageFormat format, int width, int height, boolean hasAlpha, int pages, int orientation,
                         Exif exif) {

    public ImageProbe {
        exif = exif == null ? Exif.NONE : exif;
    }

    public ImageProbe(ImageFormat format, int width, int height, boolean hasAlpha, int pages, int orientation) {
        this(format, width, height, hasAlpha, pages, orientation, Exif.NONE);
    }

    public long pixels() {
        return (long) width * height;
    }
}
