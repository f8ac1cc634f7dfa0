package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Text;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * Draws text with libvips' vips_text (Pango), in a DejaVu font loaded from its file so the result
 * does not depend on the fonts a machine happens to have. vips_text gives a one-band mask; it is
 * painted in the text colour and composited over the image, after an optional shadow (the same mask,
 * offset) or box. Sizes are pixels of the image being drawn on: a font size in points at 72 dpi, or
 * a share of the image width (measured at a reference size, then drawn at the size that fits).
 */
public final class TextStep implements OpStep<Text> {
    private static final int REFERENCE_SIZE = 100;

    @Override
    public VipsImage apply(Text op, VipsImage image, Size in, Size out, RenderContext context) {
        int size = op.size();
        if (op.widthPercent() > 0) {
            int target = Math.max(1, image.width() * op.widthPercent() / 100);
            try (VipsImage probe = mask(op, REFERENCE_SIZE, context)) {
                size = Math.max(4, (int) Math.floor((double) REFERENCE_SIZE * target / probe.width()));
            }
        }
        double scale = (double) image.width() / in.width();
        int dx = (int) Math.round(op.dx() * scale);
        int dy = (int) Math.round(op.dy() * scale);
        try (VipsImage mask = mask(op, size, context);
             VipsImage ink = Overlay.paint(mask, op.colour())) {
            int x = Overlay.place(op.position().horizontal(), image.width(), mask.width(), dx);
            int y = Overlay.place(op.position().vertical(), image.height(), mask.height(), dy);
            VipsImage current = image.share();
            if (op.shadow() != null) {
                int offset = Math.max(1, size / 16);
                try (VipsImage previous = current; VipsImage shadow = Overlay.paint(mask, op.shadow())) {
                    current = previous.compositeOver(shadow, x + offset, y + offset);
                }
            }
            if (op.box() != null) {
                int pad = Math.max(2, size / 4);
                try (VipsImage previous = current;
                     VipsImage box = Overlay.rectangle(mask, mask.width() + 2 * pad, mask.height() + 2 * pad, op.box())) {
                    current = previous.compositeOver(box, x - pad, y - pad);
                }
            }
            try (VipsImage previous = current; VipsImage drawn = previous.compositeOver(ink, x, y)) {
                return OpStep.withBands(drawn, image.bands());
            }
        }
    }

    private static VipsImage mask(Text op, int size, RenderContext context) {
        String align = switch (op.position().horizontal()) {
            case -1 -> "low";
            case 1 -> "high";
            default -> "centre";
        };
        try {
            return VipsImage.text(markup(op.text()), VipsOptions.none()
                    .with("font", op.font().description() + " " + size)
                    .with("fontfile", context.fontDirectory().resolve(op.font().file()).toString())
                    .with("dpi", 72)
                    .with("align", VipsEnums.value("VipsAlign", align)));
        } catch (VipsException e) {
            // Characters the recipe's check let through that the font still draws nothing of: the text's fault.
            if (String.valueOf(e.getMessage()).contains("no text to render")) {
                throw new InvalidInputException("text", "draws nothing in this font");
            }
            throw e;
        }
    }

    /** vips_text reads Pango markup: the user's text is text, never markup. */
    static String markup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
