package dev.pixflow.engine.vips.source;

import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.nio.file.Path;

/**
 * How a JPEG is decoded, for a render and for the check of an upload alike: by libvips' JPEG loader,
 * which the header read chose ({@link HeaderReader}), never by a loader libvips would pick itself
 * (its Ultra HDR one would take a phone photo with a gain map); at a DCT scale, streaming, and
 * failing on truncation.
 */
public final class JpegDecoding {
    static final String LOADER = "jpegload";

    private JpegDecoding() {
    }

    /**
     * Opens {@code file} lazily, to decode at 1/{@code shrink} (1, 2, 4 or 8), top to bottom once,
     * reading the file rather than mapping it (see {@link VipsImage#loadByReads}).
     */
    public static VipsImage scaled(Path file, int shrink) {
        return VipsImage.loadByReads(LOADER, file, VipsOptions.none()
                .with("shrink", shrink)
                .with("access", VipsEnums.value("VipsAccess", "sequential"))
                .with("fail_on", VipsEnums.value("VipsFailOn", "truncated")));
    }
}
