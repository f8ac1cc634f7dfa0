package dev.pixflow.core.testing;

import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.testing.FakeImages.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine without libvips, for {@link FakeImages}: the use cases' decisions (what to refuse, what to
 * render, where outputs go) are tested without a codec. Sizes are worked out simply, on purpose not by
 * the core's own geometry: the first resize of a recipe fits the source in its box and never enlarges
 * (a cover fit gives the box, cut to the source); other operations keep the size.
 */
public final class FakeImageEngine implements ImageEngine {
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger verifies = new AtomicInteger();
    private final List<RenderRequest> renders = new CopyOnWriteArrayList<>();
    private volatile RuntimeException renderFailure;
    private volatile Runnable duringRender = () -> { };

    @Override
    public ImageProbe probe(Path file) {
        probes.incrementAndGet();
        Header header = header(file).orElseThrow(() -> new RejectedImageException(Reason.NOT_AN_IMAGE, "not an image"));
        ImageFormat format = format(header).orElseThrow(() -> new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                header.format() + " is not accepted"));
        return new ImageProbe(format, header.width(), header.height(), header.alpha(), 1, 1);
    }

    @Override
    public void verify(Path file) {
        verifies.incrementAndGet();
        Optional<Header> header = header(file);
        if (header.isEmpty() || header.get().truncated()) {
            throw new RejectedImageException(Reason.CORRUPT, "the pixels do not decode");
        }
    }

    @Override
    public List<RenderedFile> render(RenderRequest request) {
        renders.add(request);
        Header source = header(request.original())
                .orElseThrow(() -> new RejectedImageException(Reason.CORRUPT, "the original is no image"));
        duringRender.run();
        // As the real engine does between its steps.
        request.deadline().ifPresent(deadline -> deadline.check("the fake engine's encode"));
        if (renderFailure != null) {
            throw renderFailure;
        }
        List<RenderedFile> out = new ArrayList<>();
        for (Variant variant : request.variants()) {
            Size size = target(variant, new Size(source.width(), source.height()));
            ImageFormat format = variant.format(request.sourceHasAlpha());
            boolean alpha = request.sourceHasAlpha() && format != ImageFormat.JPEG;
            String text = FakeImages.text(format.id(), size.width(), size.height(), alpha)
                    + " variant=" + variant.name() + " recipe=" + variant.recipeHash();
            try {
                Files.createDirectories(request.outDir());
                Path file = Files.createTempFile(request.outDir(), "render-", "." + format.extension());
                Files.writeString(file, text, StandardCharsets.US_ASCII);
                out.add(new RenderedFile(variant, file, format, size.width(), size.height()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Every render from now on throws {@code failure} (after reading the original), until cleared with null. */
    public void failRenders(RuntimeException failure) {
        this.renderFailure = failure;
    }

    /** Runs in the middle of each render: where a test deletes an image "while it renders". */
    public void duringRender(Runnable action) {
        this.duringRender = action;
    }

    public int probes() {
        return probes.get();
    }

    public int verifies() {
        return verifies.get();
    }

    public List<RenderRequest> renders() {
        return List.copyOf(renders);
    }

    public static Size target(Variant variant, Size source) {
        for (Op op : variant.recipe().ops()) {
            if (op instanceof Resize r) {
                return fit(r, source);
            }
        }
        return source;
    }

    private static Size fit(Resize r, Size source) {
        if (r.fit() == Fit.COVER) {
            return new Size(Math.min(r.width(), source.width()), Math.min(r.height(), source.height()));
        }
        double sx = r.width() == 0 ? Double.MAX_VALUE : (double) r.width() / source.width();
        double sy = r.height() == 0 ? Double.MAX_VALUE : (double) r.height() / source.height();
        double scale = Math.min(1.0, Math.min(sx, sy));
        return new Size(Math.max(1, (int) Math.round(source.width() * scale)),
                Math.max(1, (int) Math.round(source.height() * scale)));
    }

    private static Optional<Header> header(Path file) {
        try {
            return FakeImages.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<ImageFormat> format(Header header) {
        return Arrays.stream(ImageFormat.values()).filter(f -> f.id().equals(header.format())).findFirst();
    }
}
