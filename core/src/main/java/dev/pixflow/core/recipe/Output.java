package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;

import java.util.Set;

/**
 * How a rendition is encoded. Every field may be absent (null): absent means the encoder's default,
 * and an absent format means JPEG, or WebP when the source has transparency. An option that the
 * chosen format would ignore is refused, so two recipes that encode alike never differ only by it.
 *
 * @param format      jpeg, png, webp, avif, gif or auto
 * @param quality     1..100 for jpeg, webp and avif
 * @param progressive jpeg: interlaced scans
 * @param chroma444   jpeg: true keeps full colour resolution, false subsamples to 4:2:0
 * @param compression png: zlib level 0..9
 * @param palette     png: quantise to 8 bits a pixel
 * @param lossless    webp: lossless
 * @param effort      webp: 0..6, more is smaller and slower
 * @param speed       avif: 0..9, more is faster and larger
 * @param metadata    strip (default), keep or all (never the GPS position)
 * @param background  the colour transparency is flattened onto when the format has no alpha (white)
 */
public record Output(OutputFormat format, Integer quality, Boolean progressive, Boolean chroma444, Integer compression,
                     Boolean palette, Boolean lossless, Integer effort, Integer speed, MetadataPolicy metadata,
                     Colour background) {

    public static final Output DEFAULT = new Output(null, null, null, null, null, null, null, null, null, null, null);

    /** Chosen so that a 2 MP AVIF encodes in well under a second on one core. */
    public static final int DEFAULT_AVIF_SPEED = 8;

    public Output {
        if (quality != null) {
            Op.range("quality", quality, 1, 100);
            only("quality", format, OutputFormat.JPEG, OutputFormat.WEBP, OutputFormat.AVIF, OutputFormat.AUTO);
        }
        if (progressive != null) {
            only("progressive", format, OutputFormat.JPEG, OutputFormat.AUTO);
        }
        if (chroma444 != null) {
            only("chroma", format, OutputFormat.JPEG, OutputFormat.AUTO);
        }
        if (compression != null) {
            Op.range("compression", compression, 0, 9);
            only("compression", format, OutputFormat.PNG);
        }
        if (palette != null) {
            only("palette", format, OutputFormat.PNG);
        }
        if (lossless != null) {
            only("lossless", format, OutputFormat.WEBP);
        }
        if (effort != null) {
            Op.range("effort", effort, 0, 6);
            only("effort", format, OutputFormat.WEBP);
        }
        if (speed != null) {
            Op.range("speed", speed, 0, 9);
            only("speed", format, OutputFormat.AVIF, OutputFormat.AUTO);
        }
        if (background != null && !background.opaque()) {
            throw new InvalidInputException("background", "the flattening background must be opaque");
        }
    }

    public static Output format(OutputFormat format) {
        return new Output(format, null, null, null, null, null, null, null, null, null, null);
    }

    public Output withQuality(int q) {
        return new Output(format, q, progressive, chroma444, compression, palette, lossless, effort, speed, metadata,
                background);
    }

    public Output withFormat(OutputFormat f) {
        return new Output(f, quality, progressive, chroma444, compression, palette, lossless, effort, speed, metadata,
                background);
    }

    /**
     * This {@code auto} output once an Accept header chose {@code f}: the options meant for another
     * format ({@code speed} for AVIF, {@code prog} and {@code sub} for JPEG, a quality for a lossless
     * format) go, where keeping them would refuse the recipe for the client's choice.
     */
    public Output chosen(OutputFormat f) {
        boolean jpeg = f == OutputFormat.JPEG;
        boolean lossy = jpeg || f == OutputFormat.WEBP || f == OutputFormat.AVIF;
        return new Output(f, lossy ? quality : null, jpeg ? progressive : null, jpeg ? chroma444 : null, compression,
                palette, lossless, effort, f == OutputFormat.AVIF ? speed : null, metadata, background);
    }

    public MetadataPolicy metadataPolicy() {
        return metadata == null ? MetadataPolicy.STRIP : metadata;
    }

    public Colour flattenBackground() {
        return background == null ? Colour.WHITE : background;
    }

    /**
     * The format of the file this output makes, before any Accept header is known: the format named,
     * or JPEG (WebP when the source has alpha) when none is, or for {@code auto}.
     */
    public ImageFormat resolve(boolean sourceHasAlpha) {
        if (format == null || format == OutputFormat.AUTO) {
            return defaultFormat(sourceHasAlpha);
        }
        return format.concrete().orElseThrow();
    }

    /** What Pixflow has always made when no format is asked for: WebP keeps transparency, JPEG otherwise. */
    public static ImageFormat defaultFormat(boolean sourceHasAlpha) {
        return sourceHasAlpha ? ImageFormat.WEBP : ImageFormat.JPEG;
    }

    /** Formats that hold an animation. */
    public static boolean animates(ImageFormat format) {
        return format == ImageFormat.GIF || format == ImageFormat.WEBP;
    }

    private static void only(String field, OutputFormat format, OutputFormat... allowed) {
        if (format == null) {
            return;
        }
        if (!Set.of(allowed).contains(format)) {
            throw new InvalidInputException(field, "does not apply to " + format.id());
        }
    }
}
