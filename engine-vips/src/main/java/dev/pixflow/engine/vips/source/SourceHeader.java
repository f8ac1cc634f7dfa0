package dev.pixflow.engine.vips.source;

import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageProbe;

/**
 * What an original's header says, as the renderer needs it. Width and height are as displayed
 * (swapped for EXIF orientations 5 to 8).
 *
 * @param loader        the libvips loader nickname, e.g. {@code jpegload}
 * @param cmyk          the pixels are CMYK and need a colour transform to become sRGB
 * @param hasIccProfile an embedded colour profile to convert from
 * @param exif          the camera's EXIF fields that the catalogue keeps
 */
public record SourceHeader(String loader, ImageFormat format, int width, int height, boolean hasAlpha, int pages,
                           int orientation, boolean cmyk, boolean hasIccProfile, Exif exif) {

    /** Pixels of one frame as displayed. */
    public long pixels() {
        return (long) width * height;
    }

    public ImageProbe probe() {
        return new ImageProbe(format, width, height, hasAlpha, pages, orientation, exif);
    }
}
