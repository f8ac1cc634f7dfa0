package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.MetadataPolicy;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes each variant to a new file in the output directory with the recipe's encoder settings. By
 * default without metadata (no EXIF, GPS or profile leaves the server: the pixels are already sRGB,
 * which is what a browser assumes). Each output gets a new, random file name, so concurrent renders
 * never write over each other.
 */
public final class Encode implements VariantStep {
    static final int DEFAULT_QUALITY = 80;
    static final int DEFAULT_AVIF_QUALITY = 60;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Override
    public void apply(RenderContext context, VariantState variant) {
        VipsImage image = variant.image();
        ImageFormat format = variant.format();
        Output out = variant.spec().recipe().output();
        // A new name, for libvips to create: opening an existing file for writing truncates it, and a
        // truncated file, even an empty one, is flushed to disk when it is closed (ext4's auto_da_alloc),
        // which put a disk write on every render's thread, also for the answers nobody keeps.
        Path file = context.outDir().resolve(variant.spec().name() + "-" + UUID.randomUUID() + "." + format.extension());
        variant.claimFile(file);
        boolean strip = out.metadataPolicy() == MetadataPolicy.STRIP;
        VipsOptions options = VipsOptions.none().with("strip", strip);
        switch (format) {
            case JPEG -> {
                options = options.with("Q", or(out.quality(), DEFAULT_QUALITY)).with("optimize_coding", true);
                if (Boolean.TRUE.equals(out.progressive())) {
                    options = options.with("interlace", true);
                }
                if (out.chroma444() != null) {
                    options = options.with("subsample_mode",
                            VipsEnums.value("VipsForeignSubsample", out.chroma444() ? "off" : "on"));
                }
                image.save("jpegsave", file, options);
            }
            case WEBP -> {
                options = options.with("Q", or(out.quality(), DEFAULT_QUALITY));
                if (Boolean.TRUE.equals(out.lossless())) {
                    options = options.with("lossless", true);
                }
                if (out.effort() != null) {
                    options = options.with("effort", out.effort());
                }
                image.save("webpsave", file, options);
                if (strip) {
                    stripWebp(file);
                }
            }
            case AVIF -> image.save("heifsave", file, options
                    .with("Q", or(out.quality(), DEFAULT_AVIF_QUALITY))
                    .with("compression", VipsEnums.value("VipsForeignHeifCompression", "av1"))
                    // libvips' effort runs the other way from the recipe's speed.
                    .with("effort", 9 - or(out.speed(), Output.DEFAULT_AVIF_SPEED)));
            case PNG -> {
                if (out.compression() != null) {
                    options = options.with("compression", out.compression());
                }
                if (Boolean.TRUE.equals(out.palette())) {
                    options = options.with("palette", true);
                }
                image.save("pngsave", file, options);
            }
            case GIF -> image.save("gifsave", file, options);
            default -> throw new IllegalArgumentException("Pixflow does not encode " + format.id());
        }
        ownerOnly(file);
        int frameHeight = variant.animated() ? image.height() / variant.frames() : image.height();
        variant.finished(new RenderedFile(variant.spec(), file, format, image.width(), frameHeight,
                variant.animated() ? variant.frames() : 1, variant.firstFrameOnly()));
    }

    /**
     * libvips creates files readable by all (0644 less the umask); an output, which may be a private
     * image's, is kept to the server's user, as the uploads it is made from are.
     */
    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    private static void stripWebp(Path file) {
        try {
            WebpMetadata.strip(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
