package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each variant to a new file in the output directory, without metadata (no EXIF, GPS or
 * profile leaves the server: the pixels are already sRGB, which is what a browser assumes).
 * Each output gets a new, unique file name, so concurrent renders never write over each other.
 */
public final class Encode implements VariantStep {
    @Override
    public void apply(RenderContext context, VariantState variant) {
        VipsImage image = variant.image();
        ImageFormat format = variant.format();
        Path file;
        try {
            file = Files.createTempFile(context.outDir(), variant.spec().name() + "-", "." + format.extension());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        variant.claimFile(file);
        int quality = variant.spec().quality();
        VipsOptions stripped = VipsOptions.none().with("strip", true);
        switch (format) {
            case JPEG -> image.save("jpegsave", file, stripped.with("Q", quality).with("optimize_coding", true));
            case WEBP -> {
                image.save("webpsave", file, stripped.with("Q", quality));
                stripWebp(file);
            }
            case AVIF -> image.save("heifsave", file, stripped.with("Q", quality)
                    .with("compression", VipsEnums.value("VipsForeignHeifCompression", "av1")));
            case PNG -> image.save("pngsave", file, stripped);
            case GIF -> image.save("gifsave", file, stripped);
            default -> throw new IllegalArgumentException("Pixflow does not encode " + format.id());
        }
        variant.finished(new RenderedFile(variant.spec(), file, format, image.width(), image.height()));
    }

    private static void stripWebp(Path file) {
        try {
            WebpMetadata.strip(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
