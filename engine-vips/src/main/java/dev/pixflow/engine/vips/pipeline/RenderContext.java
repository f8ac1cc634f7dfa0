package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.source.SourceHeader;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The state of one render: the original, the shared image decoded once for the still variants, and
 * each variant's state. Closing it releases every image; nothing native outlives the render.
 */
public final class RenderContext implements AutoCloseable {
    private final Path source;
    private final SourceHeader header;
    private final Path outDir;
    private final Map<String, Path> watermarks;
    private final Path fontDirectory;
    private final List<VariantState> variants;
    private VipsImage base;
    private boolean baseSequential;

    public RenderContext(Path source, SourceHeader header, List<Variant> specs, boolean sourceHasAlpha,
                         Map<String, Path> watermarks, RenditionLimits limits, Path fontDirectory, Path outDir) {
        this.source = source;
        this.header = header;
        this.outDir = outDir;
        this.watermarks = Map.copyOf(watermarks);
        this.fontDirectory = fontDirectory;
        boolean animatedSource = header.pages() > 1;
        this.variants = specs.stream().map(spec -> {
            ImageFormat format = spec.format(sourceHasAlpha);
            boolean animated = animatedSource && Output.animates(format) && header.pages() <= limits.maxFrames();
            return new VariantState(spec, format, animated, animatedSource && !animated);
        }).toList();
    }

    public Path source() {
        return source;
    }

    public SourceHeader header() {
        return header;
    }

    /** The displayed size of the original (one frame's, for an animation). */
    public Size sourceSize() {
        return new Size(header.width(), header.height());
    }

    public Path outDir() {
        return outDir;
    }

    public Path fontDirectory() {
        return fontDirectory;
    }

    /** The local file of a watermark named by a recipe ({@code logo} or an image id). */
    public Path watermark(String source) {
        Path file = watermarks.get(source);
        if (file == null) {
            throw new NoSuchElementException("no file was given for the watermark " + source);
        }
        return file;
    }

    public List<VariantState> variants() {
        return variants;
    }

    /** The variants made from the shared decode: all but those that keep an animation. */
    public List<VariantState> stillVariants() {
        return variants.stream().filter(v -> !v.animated()).toList();
    }

    /** The shared source image every still variant is made from. */
    public VipsImage base() {
        if (base == null) {
            throw new IllegalStateException("no source image yet: a load step must come first");
        }
        return base;
    }

    public boolean hasBase() {
        return base != null;
    }

    /** A sequential base can be read once, top to bottom. */
    public boolean baseSequential() {
        return baseSequential;
    }

    /** Makes {@code next} the shared source image and releases the previous one. */
    public void replaceBase(VipsImage next, boolean sequential) {
        VipsImage previous = base;
        base = next;
        baseSequential = sequential;
        if (previous != null) {
            previous.close();
        }
    }

    public void replaceBase(VipsImage next) {
        replaceBase(next, baseSequential);
    }

    /** The encoded variants, in spec order. */
    public List<RenderedFile> results() {
        return variants.stream().map(variant -> variant.result().orElseThrow(() -> new IllegalStateException(
                "variant " + variant.spec().name() + " was not encoded: an encode step must come last"))).toList();
    }

    /** Deletes every output file written so far (after a failure, the caller gets nothing half-done). */
    public void discardOutputs() {
        for (VariantState variant : variants) {
            variant.file().ifPresent(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public void close() {
        variants.forEach(VariantState::close);
        replaceBase(null, false);
    }
}
