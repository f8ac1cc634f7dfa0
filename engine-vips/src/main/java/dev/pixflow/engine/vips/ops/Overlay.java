package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Colour;
import dev.pixflow.core.recipe.Gravity;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

/** Building blocks for drawing over an image: coloured masks and placement. */
final class Overlay {
    private Overlay() {
    }

    /**
     * An sRGB image with alpha painted in {@code colour} through a one-band {@code mask}: the mask's
     * 0..255 times the colour's alpha is the overlay's alpha. libvips needs the interpretation set on
     * a bandjoined image before compositing it.
     */
    static VipsImage paint(VipsImage mask, Colour colour) {
        try (VipsImage rgb = mask.constant(colour.red(), colour.green(), colour.blue());
             VipsImage rgbUchar = rgb.cast(VipsEnums.value("VipsBandFormat", "uchar"));
             VipsImage alpha = mask.linear(new double[]{colour.alpha() / 255.0}, new double[]{0});
             VipsImage rgba = rgbUchar.bandjoin(alpha)) {
            return rgba.copy(VipsOptions.none().with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")));
        }
    }

    /** A solid {@code width x height} rectangle of {@code colour}, with alpha. */
    static VipsImage rectangle(VipsImage like, int width, int height, Colour colour) {
        try (VipsImage canvas = like.embed(0, 0, width, height, 0);
             VipsImage solid = canvas.constant(colour.red(), colour.green(), colour.blue(), colour.alpha());
             VipsImage uchar = solid.cast(VipsEnums.value("VipsBandFormat", "uchar"))) {
            return uchar.copy(VipsOptions.none().with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")));
        }
    }

    /** Where a {@code part} starts along a {@code whole}, by gravity, moved inward by {@code offset}. */
    static int place(int anchor, int whole, int part, int offset) {
        int at = Gravity.place(anchor, whole, part);
        return anchor == 1 ? at - offset : at + offset;
    }
}
