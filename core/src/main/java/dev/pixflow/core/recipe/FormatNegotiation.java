package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;

import java.util.Locale;

/**
 * Picks the format for {@code f:auto} from a client's Accept header: AVIF, then WebP, then JPEG (PNG
 * when transparency must survive). An animation becomes WebP or GIF, as AVIF is encoded as a still.
 * A type with {@code q=0} is refused by the client, so it is not chosen.
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
        return input == ImageFormat.WEBP && chosen == ImageFormat.AVIF ? choose(accept, hasAlpha, true) : chosen;
    }

    public static ImageFormat choose(String accept, boolean hasAlpha, boolean animated) {
        if (animated) {
            return accepts(accept, "image/webp") ? ImageFormat.WEBP : ImageFormat.GIF;
        }
        if (accepts(accept, "image/avif")) {
            return ImageFormat.AVIF;
        }
        if (accepts(accept, "image/webp")) {
            return ImageFormat.WEBP;
        }
        return hasAlpha ? ImageFormat.PNG : ImageFormat.JPEG;
    }

    /** Only an explicit mention counts: browsers send image/* while not all decode AVIF. */
    static boolean accepts(String accept, String type) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] params = part.split(";");
            if (!params[0].strip().equals(type)) {
                continue;
            }
            for (int i = 1; i < params.length; i++) {
                String p = params[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        return Double.parseDouble(p.substring(2).strip()) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }
}
