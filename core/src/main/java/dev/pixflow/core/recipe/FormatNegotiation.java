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
