package dev.pixflow.core.domain;

/**
 * What the header of an image says, read without decoding pixels. Width and height are as displayed,
 * after EXIF orientation; {@code pages} counts animation frames.
 */
public record ImageProbe(ImageFormat format, int width, int height, boolean hasAlpha, int pages, int orientation) {
    public long pixels() {
        return (long) width * height;
    }
}
