package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.VariantSpec;
import dev.pixflow.engine.vips.SourceHeader;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The state of one render: the original, the shared source image decoded once for all variants, and
 * each variant's state. Closing it releases every image; nothing native outlives the render.
 */
public final class RenderContext implements AutoCloseable {
    private final Path source;
    private final SourceHeader header;
    private final Path outDir;
    private final List<VariantState> variants;
    private VipsImage base;

    public RenderContext(Path source, SourceHeader header, List<VariantSpec> specs, ImageFormat outputFormat,
                         Path outDir) {
        this.source = source;
        this.header = header;
        this.outDir = outDir;
        this.variants = specs.stream().map(spec -> new VariantState(spec, outputFormat)).toList();
    }

    public Path source() {
        return source;
    }

    public SourceHeader header() {
        return header;
    }

    public Path outDir() {
        return outDir;
    }

    public List<VariantState> variants() {
        return variants;
    }

    /** The shared source image every variant is made from. */
    public VipsImage base() {
        if (base == null) {
            throw new IllegalStateException("no source image yet: a load step must come first");
        }
        return base;
    }

    /** Makes {@code next} the shared source image and releases the previous one. */
    public void replaceBase(VipsImage next) {
        VipsImage previous = base;
        base = next;
        if (previous != null) {
            previous.close();
        }
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
        replaceBase(null);
    }
}
