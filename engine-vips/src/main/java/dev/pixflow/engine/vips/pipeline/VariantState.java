package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One variant in the making: its recipe, output format, whether it keeps an animation, its current
 * image and the size that image stands for. Before the recipe's first resize the image may be a
 * shrunk-on-load copy: {@link #logical()} is then the size at full resolution and
 * {@link #scale()} how much smaller the pixels are. Once encoded, its file.
 */
public final class VariantState implements AutoCloseable {
    private final Variant spec;
    private final ImageFormat format;
    private final boolean animated;
    private final boolean firstFrameOnly;
    private VipsImage image;
    private Size logical;
    private boolean sequential;
    private int frames = 1;
    private int opsDone;
    private Path file;
    private RenderedFile result;

    VariantState(Variant spec, ImageFormat format, boolean animated, boolean firstFrameOnly) {
        this.spec = spec;
        this.format = format;
        this.animated = animated;
        this.firstFrameOnly = firstFrameOnly;
    }

    public Variant spec() {
        return spec;
    }

    public ImageFormat format() {
        return format;
    }

    /** All frames of an animated source are kept (the image is a vertical strip of frames). */
    public boolean animated() {
        return animated;
    }

    /** An animated source was cut to its first frame. */
    public boolean firstFrameOnly() {
        return firstFrameOnly;
    }

    public VipsImage image() {
        if (image == null) {
            throw new IllegalStateException("variant " + spec.name() + " has no image yet: a start step must come first");
        }
        return image;
    }

    /** The size the current image stands for (one frame's, for an animation). */
    public Size logical() {
        return logical;
    }

    /** Pixels per logical pixel, 1 or less. */
    public double scale() {
        return (double) frameWidth() / logical.width();
    }

    int frameWidth() {
        return image().width();
    }

    public int frames() {
        return frames;
    }

    /** How many of the recipe's operations have been applied. */
    public int opsDone() {
        return opsDone;
    }

    public void opDone() {
        opsDone++;
    }

    /** Starts the variant on {@code first}, which stands for {@code size}; a sequential image can be read once only. */
    void start(VipsImage first, Size size, boolean readOnce, int frameCount) {
        replaceImage(first, size);
        this.sequential = readOnce;
        this.frames = frameCount;
    }

    /** Makes {@code next} the current image, standing for {@code size}, and releases the previous one. */
    public void replaceImage(VipsImage next, Size size) {
        VipsImage previous = image;
        image = next;
        logical = size;
        if (previous != null) {
            previous.close();
        }
    }

    public void replaceImage(VipsImage next) {
        replaceImage(next, logical);
    }

    /**
     * Steps that read their input more than once, or out of order (turns, smart crops), call this
     * first: a sequential image is copied to memory, once. It is small by then: shrunk on load.
     */
    public void ensureRandomAccess() {
        if (sequential) {
            replaceImage(image().copyMemory());
            sequential = false;
        }
    }

    /** Claims the output file before writing, so a failed write is cleaned up too. */
    public void claimFile(Path output) {
        this.file = output;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public void finished(RenderedFile rendered) {
        this.result = rendered;
    }

    public Optional<RenderedFile> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public void close() {
        replaceImage(null, logical);
    }
}
