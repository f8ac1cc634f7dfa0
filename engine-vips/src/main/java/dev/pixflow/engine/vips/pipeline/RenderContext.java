package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.DeadlineExceededException;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.RecipeGeometry;
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
import java.util.Optional;

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
    private final Optional<Deadline> deadline;
    private VipsImage base;
    private boolean baseSequential;

    public RenderContext(Path source, SourceHeader header, List<Variant> specs, boolean sourceHasAlpha,
                         Map<String, Path> watermarks, RenditionLimits limits, Path fontDirectory, Path outDir,
                         Optional<Deadline> deadline) {
        this.source = source;
        this.deadline = deadline;
        this.header = header;
        this.outDir = outDir;
        this.watermarks = Map.copyOf(watermarks);
        this.fontDirectory = fontDirectory;
        boolean animatedSource = header.pages() > 1;
        this.variants = specs.stream().map(spec -> {
            ImageFormat format = spec.format(sourceHasAlpha);
            Size output = RecipeGeometry.output(spec.recipe(), new Size(header.width(), header.height()));
            boolean animated = limits.framesKept(header.pages(), format, output) > 1;
            return new VariantState(spec, format, animated, animatedSource && !animated);
        }).toList();
    }

    public Path source() {
        return source;
    }

    /**
     * Stops the render with {@link DeadlineExceededException} when its deadline has passed; called
     * before each step, each variant's step and each operation, as imgproxy checks between its steps.
     */
    public void checkDeadline(String next) {
        deadline.ifPresent(d -> d.check(next));
    }

    /**
     * Arranges for evaluations of {@code image} (a freshly opened source), and of every image made
     * from it, to stop once the deadline has passed, in the middle of a step; returns the image.
     */
    public VipsImage watched(VipsImage image) {
        deadline.ifPresent(d -> image.killAt(d.endNanos()));
        return image;
    }

    /**
     * What a render that failed with {@code failure} throws: a failure once the deadline had passed is
     * the deadline's (libvips reports a stopped evaluation as "killed"), anything else itself.
     */
    public RuntimeException failure(RuntimeException failure) {
        if (failure instanceof DeadlineExceededException || deadline.isEmpty() || !deadline.get().passed()) {
            return failure;
        }
        return new DeadlineExceededException(deadline.get().limit(), "a step in progress", failure);
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
