package dev.pixflow.core.port;

import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.Variant;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
     * Renders every variant's recipe from one decode of the original: EXIF orientation applied,
     * converted to sRGB, metadata as each recipe says (stripped by default). Outputs are written as
     * new files in the request's directory, in the order of its variants.
     *
     * @throws RejectedImageException TOO_MANY_PIXELS when a recipe would break a limit (before decoding),
     *                                CORRUPT when the pixels cannot be decoded
     */
    List<RenderedFile> render(RenderRequest request);

    /** A render without watermark images, under the default limits. */
    default List<RenderedFile> render(Path original, List<Variant> variants, boolean sourceHasAlpha, Path outDir) {
        return render(new RenderRequest(original, variants, sourceHasAlpha, Map.of(), RenditionLimits.DEFAULTS, outDir));
    }
}
