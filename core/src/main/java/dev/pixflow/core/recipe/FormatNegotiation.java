package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;

import java.util.List;
import java.util.Locale;

/**
 * Picks the format for {@code f:auto} from a client's Accept header: the one it weighs highest of
 * AVIF, WebP and JPEG (PNG when transparency must survive), and of equal weights AVIF, then WebP. An
 * animation becomes WebP or GIF, as AVIF is encoded as a still. A type with {@code q=0} is refused by
 * the client, so it is not chosen; when the client takes none of them, it gets JPEG (or PNG, or GIF),
 * unless it refuses that one too and takes another of those three.
 */
public final class FormatNegotiation {
    private FormatNegotiation() {
    }

    public static ImageFormat choose(String accept) {
        return choose(accept, false, false);
    }

    /**
     * For an image of format {@code input}. A GIF may be an animation: it becomes WebP or GIF, keeping
     * its frames (a still one loses nothing as GIF). A WebP may be one too: where the client would get
     * AVIF, a still, it gets WebP; a client that takes no WebP gets a still, as its original it could
     * not show either.
     */
    public static ImageFormat chooseFor(String accept, ImageFormat input, boolean hasAlpha) {
        if (input == ImageFormat.GIF) {
            return choose(accept, hasAlpha, true);
        }
        ImageFormat chosen = choose(accept, hasAlpha, false);
        return input == ImageFormat.WEBP && chosen == ImageFormat.AVIF
                ? pick(accept, List.of(ImageFormat.WEBP), hasAlpha ? ImageFormat.PNG : ImageFormat.JPEG)
                : chosen;
    }

    /**
     * As {@link #chooseFor}, never AVIF: for an output the AV1 encoder would take too long over, the
     * client gets what it takes next.
     */
    public static ImageFormat chooseForWithoutAvif(String accept, ImageFormat input, boolean hasAlpha) {
        boolean animated = input == ImageFormat.GIF;
        return pick(accept, List.of(ImageFormat.WEBP), animated ? ImageFormat.GIF : hasAlpha ? ImageFormat.PNG : ImageFormat.JPEG);
    }

    public static ImageFormat choose(String accept, boolean hasAlpha, boolean animated) {
        ImageFormat fallback = animated ? ImageFormat.GIF : hasAlpha ? ImageFormat.PNG : ImageFormat.JPEG;
        return pick(accept, animated ? List.of(ImageFormat.WEBP) : List.of(ImageFormat.AVIF, ImageFormat.WEBP), fallback);
    }

    private static ImageFormat pick(String accept, List<ImageFormat> candidates, ImageFormat fallback) {
        if (accept == null) {
            return fallback;
        }
        // In order of preference, which decides between equal weights; the client's weights decide the rest.
        ImageFormat best = null;
        double bestWeight = 0;
        for (ImageFormat candidate : candidates) {
            double q = weight(accept, candidate.mediaType(), false);
            if (q > bestWeight) {
                best = candidate;
                bestWeight = q;
            }
        }
        if (best != null && bestWeight >= weight(accept, fallback.mediaType(), true)) {
            return best;
        }
        if (!refused(accept, fallback.mediaType())) {
            return fallback;
        }
        // The client named the fallback to refuse it (image/jpeg;q=0): another format every client decodes,
        // if it takes one; else the fallback all the same, as there is no 406 for an image.
        for (ImageFormat other : List.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.GIF)) {
            if (other != fallback && weight(accept, other.mediaType(), true) > 0) {
                return other;
            }
        }
        return fallback;
    }

    /** Whether the client names {@code type} itself with {@code q=0}. */
    private static boolean refused(String accept, String type) {
        return weights(accept, type)[0] == 0;
    }

    /**
     * The weight the client gives {@code type} (RFC 9110, 12.5.1): its own entry's, else (where
     * {@code ranges} is true) the most specific range's that holds it, {@code image/*} then {@code *}{@code /*};
     * 0 when none does. A modern format counts only where it is named: browsers send {@code image/*}
     * while not all decode AVIF.
     */
    static double weight(String accept, String type, boolean ranges) {
        double[] w = weights(accept, type);
        if (w[0] >= 0 || !ranges) {
            return Math.max(w[0], 0);
        }
        return w[1] >= 0 ? w[1] : Math.max(w[2], 0);
    }

    /** The weights of {@code type}'s own entry, of {@code image/*} and of {@code *}{@code /*}: -1 where there is none. */
    private static double[] weights(String accept, String type) {
        double exact = -1;
        double images = -1;
        double any = -1;
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] params = part.split(";");
            String range = params[0].strip();
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                    q = q >= 0 && q <= 1 ? q : 0;
                }
            }
            if (range.equals(type)) {
                exact = Math.max(exact, q);
            } else if (range.equals("image/*")) {
                images = Math.max(images, q);
            } else if (range.equals("*/*")) {
                any = Math.max(any, q);
            }
        }
        return new double[]{exact, images, any};
    }
}
