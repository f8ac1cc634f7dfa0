package dev.pixflow.core.port;

import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.VariantSpec;

import java.nio.file.Path;
import java.util.List;

/** Reads and renders images. The shipped adapter is libvips; nothing here knows that. */
public interface ImageEngine {

    /**
     * Reads the header only: no pixel is decoded, so a pixel bomb costs nothing here.
     *
     * @throws RejectedImageException NOT_AN_IMAGE when no loader recognises the bytes,
     *                                UNSUPPORTED_FORMAT when a loader does but Pixflow does not accept that format
     */
    ImageProbe probe(Path file);

    /**
     * Decodes the whole image at a reduced scale (cheap with shrink-on-load) and fails on truncated
     * or corrupt data. Call only after the probe passed the pixel limit.
     *
     * @throws RejectedImageException CORRUPT
     */
    void verify(Path file);

    /**
     * Renders every spec from one decode of {@code original}: EXIF orientation applied, converted to
     * sRGB, metadata stripped, never enlarged. Outputs are written as new files in {@code outDir}.
     */
    List<RenderedFile> render(Path original, List<VariantSpec> specs, boolean sourceHasAlpha, Path outDir);
}
