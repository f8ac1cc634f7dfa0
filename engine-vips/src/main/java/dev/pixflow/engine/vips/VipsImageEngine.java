package dev.pixflow.engine.vips;

import dev.pixflow.engine.vips.source.Rejections;
import dev.pixflow.engine.vips.source.GifStructure;
import dev.pixflow.engine.vips.source.HeaderReader;
import dev.pixflow.engine.vips.source.HeicDecoding;
import dev.pixflow.engine.vips.source.JpegDecoding;
import dev.pixflow.engine.vips.source.JpegStructure;
import dev.pixflow.engine.vips.source.SourceHeader;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.engine.vips.ffm.LibVips;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@link ImageEngine} on libvips, called through java.lang.foreign.
 *
 * <p><b>Memory of one render.</b> The original is decoded once, shrunk on load, into an 8-bit sRGB
 * image held in memory at the size the largest variant needs: for an INSIDE box at most
 * {@code width x height x bands} bytes (2048 x 2048 x 4 = 16 MiB for the default variants); a COVER box
 * on a long, thin original can need more (bounded by the upload pixel limit). Decoding and each
 * variant's resize and encode stream through buffers of a few rows, which grow with the original's
 * width and with {@link VipsSettings#concurrency()}. Measured peaks of libvips' pixel memory for the
 * three default variants at concurrency 1: 33 MiB for a 6028 x 3391 JPEG, 39 MiB for a 10000 x 783
 * panorama, 11 to 21 MiB for smaller photos; each extra libvips thread added 3 to 15 MiB. Budget
 * about 48 MiB of native memory per concurrent render at concurrency 1; the caller bounds how many
 * run at once. {@link #verify} peaks under 2 MiB for the same 20 MP JPEG.
 *
 * <p>Renders run on the calling (platform) thread; the caller bounds how many run at once. Each call
 * ends with vips_thread_shutdown, so a pool thread holds nothing of libvips between renders.
 *
 * <p>Building an engine applies its {@link VipsSettings} process-wide and blocks libvips' untrusted
 * loaders (ImageMagick, PDF, SVG ...): such files are still recognised, to be refused as unsupported,
 * but are never decoded.
 */
public final class VipsImageEngine implements ImageEngine {
    private static final int VERIFY_SIZE = 64;

    private final RenderPipeline pipeline;
    private final Path fontDirectory;

    public VipsImageEngine() {
        this(VipsSettings.defaults());
    }

    public VipsImageEngine(VipsSettings settings) {
        this(settings, RenderPipeline.standard());
    }

    /** An engine rendering with {@code pipeline}'s steps (tests add steps of their own). */
    VipsImageEngine(VipsSettings settings, RenderPipeline pipeline) {
        LibVips.configure(settings.concurrency(), settings.cacheMaxOperations(), settings.cacheMaxMemoryBytes());
        LibVips.blockUntrustedLoaders();
        HeicDecoding.current();
        this.pipeline = pipeline;
        this.fontDirectory = settings.fontDirectory();
    }

    /** The libvips version in use, e.g. {@code 8.18.7}. */
    public static String libraryVersion() {
        return LibVips.version();
    }

    /** The libvips in use (version, file, what chose it) and what decodes HEIC. */
    public static EngineLibraries libraries() {
        LibVips.Library library = LibVips.library();
        return new EngineLibraries(library.version(), library.file(), library.configuredBy(), library.current(),
                HeicDecoding.current().decoder());
    }

    @Override
    public ImageProbe probe(Path file) {
        LibVips.clearErrors();
        return HeaderReader.read(file).probe();
    }

    /**
     * A JPEG whose structure is whole ({@link JpegStructure}) is not decoded: the walk finds what the
     * decode would (truncation, and every fatal error libjpeg can meet after the header) in a pass
     * over the bytes, where the decode costs a third of a render. Anything else, and a JPEG the walk
     * is unsure of, is decoded, which decides and names the problem.
     */
    @Override
    public void verify(Path file) {
        if (JpegStructure.whole(file)) {
            return;
        }
        decodeVerify(file);
    }

    /** Decodes the whole image at a reduced size, failing on truncation: the check for every format. */
    void decodeVerify(Path file) {
        LibVips.clearErrors();
        SourceHeader header = HeaderReader.forDecoding(file);
        if (header.format() == ImageFormat.GIF && GifStructure.cutShort(file)) {
            throw new RejectedImageException(RejectedImageException.Reason.CORRUPT,
                    "the image data is truncated: the GIF ends inside one of its frames");
        }
        // A small decode still reads all of the compressed data (shrink-on-load only skips work per
        // block), so truncation shows, at a fraction of the cost of a full decode; a JPEG as it renders.
        try (VipsImage small = header.format() == ImageFormat.JPEG
                ? JpegDecoding.scaled(file, 8)
                : HeicDecoding.thumbnail(file, header.format(), header.pixels(), VERIFY_SIZE, VipsOptions.none()
                        .with("height", VERIFY_SIZE)
                        .with("size", VipsEnums.value("VipsSize", "down"))
                        .with("no_rotate", true)
                        .with("fail_on", VipsEnums.value("VipsFailOn", "truncated")))) {
            small.average();
        } catch (VipsException e) {
            throw Rejections.corrupt(file, e);
        } finally {
            LibVips.threadShutdown();
        }
    }

    @Override
    public List<RenderedFile> render(RenderRequest request) {
        if (request.variants().isEmpty()) {
            return List.of();
        }
        LibVips.clearErrors();
        SourceHeader header = HeaderReader.forDecoding(request.original());
        Size source = new Size(header.width(), header.height());
        // Before any pixel is decoded: a recipe that would make too large an image is refused here.
        for (Variant variant : request.variants()) {
            request.limits().checkOutput(variant.recipe(), source);
        }
        RenderContext context = new RenderContext(request.original(), header, request.variants(),
                request.sourceHasAlpha(), request.watermarks(), request.limits(), fontDirectory, request.outDir(),
                request.deadline());
        try (context) {
            pipeline.run(context);
            return context.results();
        } catch (RuntimeException e) {
            RuntimeException failure = context.failure(e);
            try {
                context.discardOutputs();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        } finally {
            LibVips.threadShutdown();
        }
    }
}
