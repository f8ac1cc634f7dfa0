package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** An sRGB colour with alpha, 0..255 a channel; written {@code rrggbb} or {@code rrggbbaa}. */
public record Colour(int red, int green, int blue, int alpha) {
    public static final Colour WHITE = new Colour(255, 255, 255, 255);
    public static final Colour BLACK = new Colour(0, 0, 0, 255);
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

    public Colour {
        for (int c : new int[]{red, green, blue, alpha}) {
            if (c < 0 || c > 255) {
                throw new IllegalArgumentException("colour channels are 0..255");
            }
        }
    }

    public static Colour parse(String field, String text) {
        if (text == null || !HEX.matcher(text).matches()) {
            throw new InvalidInputException(field, "'" + text + "' is not a colour (rrggbb or rrggbbaa, hexadecimal)");
        }
        byte[] b = HexFormat.of().parseHex(text.startsWith("#") ? text.substring(1) : text);
        return new Colour(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b.length == 4 ? b[3] & 0xff : 255);
    }

    public boolean opaque() {
        return alpha == 255;
    }

    /** Canonical: lower case, the alpha only when not opaque. */
    public String hex() {
        String rgb = "%02x%02x%02x".formatted(red, green, blue);
        return (opaque() ? rgb : rgb + "%02x".formatted(alpha)).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return hex();
    }
}
