package dev.pixflow.engine.vips.source;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.util.Optional;
import java.util.Set;

/** Which libvips loaders read a format Pixflow accepts. */
final class LoaderFormats {
    static final Set<String> ACCEPTED = Set.of("jpegload", "pngload", "webpload", "gifload", "tiffload", "heifload");

    private LoaderFormats() {
    }

    /**
     * The format of an opened file. HEIF is a container: its compression tells AVIF (AV1) from HEIC
     * (HEVC); other codecs in it are not accepted.
     */
    static Optional<ImageFormat> of(String loader, VipsImage header) {
        return switch (loader) {
            case "jpegload" -> Optional.of(ImageFormat.JPEG);
            case "pngload" -> Optional.of(ImageFormat.PNG);
            case "webpload" -> Optional.of(ImageFormat.WEBP);
            case "gifload" -> Optional.of(ImageFormat.GIF);
            case "tiffload" -> Optional.of(ImageFormat.TIFF);
            case "heifload" -> header.stringField("heif-compression").flatMap(compression -> switch (compression) {
                case "av1" -> Optional.of(ImageFormat.AVIF);
                case "hevc" -> Optional.of(ImageFormat.HEIC);
                default -> Optional.empty();
            });
            default -> Optional.empty();
        };
    }
}
