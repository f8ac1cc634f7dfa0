package dev.pixflow.core.media;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats Pixflow accepts as originals, with their media types. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif"),
    TIFF("image/tiff", "tiff"),
    AVIF("image/avif", "avif"),
    HEIC("image/heic", "heic");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a declared media type says nothing of the format, so the bytes decide: none, or bytes of
     * any kind ({@code application/octet-stream}, or {@code binary/octet-stream}, what S3 answers for an
     * object put without a type).
     */
    public static boolean saysNothing(String mediaType) {
        String bare = mediaType == null ? "" : mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return bare.isEmpty() || bare.equals("application/octet-stream") || bare.equals("binary/octet-stream");
    }

    /** Maps a declared media type (parameters ignored, common aliases accepted) to a format. */
    public static Optional<ImageFormat> fromMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String bare = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (bare) {
            case "image/jpg", "image/pjpeg" -> Optional.of(JPEG);
            case "image/heif", "image/heic-sequence", "image/heif-sequence" -> Optional.of(HEIC);
            case "image/tif" -> Optional.of(TIFF);
            default -> Arrays.stream(values()).filter(f -> f.mediaType.equals(bare)).findFirst();
        };
    }
}
