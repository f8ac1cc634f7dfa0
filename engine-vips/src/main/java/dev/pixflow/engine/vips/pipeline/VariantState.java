package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.VariantSpec;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.nio.file.Path;
import java.util.Optional;

/** One variant in the making: its spec, output format, current image and, once encoded, its file. */
public final class VariantState implements AutoCloseable {
    private final VariantSpec spec;
    private final ImageFormat format;
    private VipsImage image;
    private Path file;
    private RenderedFile result;

    VariantState(VariantSpec spec, ImageFormat format) {
        this.spec = spec;
        this.format = format;
    }

    public VariantSpec spec() {
        return spec;
    }

    public ImageFormat format() {
        return format;
    }

    public VipsImage image() {
        if (image == null) {
            throw new IllegalStateException(
                    "variant " + spec.name() + " has no image yet: a resize step must come first");
        }
        return image;
    }

    /** Makes {@code next} the current image and releases the previous one. */
    public void replaceImage(VipsImage next) {
        VipsImage previous = image;
        image = next;
        if (previous != null) {
            previous.close();
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
        replaceImage(null);
    }
}
