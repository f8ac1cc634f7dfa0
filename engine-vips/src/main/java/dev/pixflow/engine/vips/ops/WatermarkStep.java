package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Watermark;
import dev.pixflow.engine.vips.source.HeicDecoding;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

import java.nio.file.Path;

/**
 * Lays a watermark image over this one: loaded straight at its target width (shrink-on-load, so a
 * large stored image costs little), made sRGB with alpha, its alpha scaled by the opacity, then
 * placed by gravity inside the margin, or repeated over the whole image.
 */
public final class WatermarkStep implements OpStep<Watermark> {
    @Override
    public VipsImage apply(Watermark op, VipsImage image, Size in, Size out, RenderContext context) {
        int width = Math.max(1, image.width() * op.scalePercent() / 100);
        double scale = (double) image.width() / in.width();
        int margin = (int) Math.round(op.margin() * scale);
        try (VipsImage mark = load(op, width, context)) {
            VipsImage drawn;
            if (op.tile()) {
                try (VipsImage cell = mark.embed(0, 0, mark.width() + margin, mark.height() + margin, 0, 0, 0, 0);
                     VipsImage many = cell.apply("replicate", VipsOptions.none(),
                             ceilDiv(image.width(), cell.width()), ceilDiv(image.height(), cell.height()));
                     VipsImage cover = many.apply("extract_area", VipsOptions.none(), 0, 0, image.width(), image.height());
                     VipsImage srgb = cover.copy(VipsOptions.none()
                             .with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")))) {
                    drawn = image.compositeOver(srgb, 0, 0);
                }
            } else {
                int x = Overlay.place(op.position().horizontal(), image.width(), mark.width(), margin);
                int y = Overlay.place(op.position().vertical(), image.height(), mark.height(), margin);
                drawn = image.compositeOver(mark, x, y);
            }
            try (drawn) {
                return OpStep.withBands(drawn, image.bands());
            }
        }
    }

    /** The watermark at {@code width}, 8-bit sRGB with alpha times the opacity, in memory (it is small, and read often). */
    private static VipsImage load(Watermark op, int width, RenderContext context) {
        Path file = context.watermark(op.source());
        VipsOptions options = VipsOptions.none()
                .with("height", 100_000)
                .with("size", VipsEnums.value("VipsSize", "both"));
        // Only a file with a profile (or CMYK) goes through a colour transform: one without is sRGB
        // already, and a transform from the assumed profile to itself would still move its colours.
        try (VipsImage header = VipsImage.open(file)) {
            if (header.hasField("icc-profile-data")
                    || header.interpretation() == VipsEnums.value("VipsInterpretation", "cmyk")) {
                options = options.with("export_profile", "srgb");
            }
        }
        try (VipsImage loaded = HeicDecoding.thumbnail(file, width, options);
             VipsImage srgb = loaded.colourspace(VipsEnums.value("VipsInterpretation", "srgb"));
             VipsImage uchar = srgb.cast(VipsEnums.value("VipsBandFormat", "uchar"));
             VipsImage rgba = uchar.hasAlpha() ? uchar.share() : uchar.apply("bandjoin_const1", VipsOptions.none(), 255.0);
             VipsImage faded = rgba.linear(new double[]{1, 1, 1, op.opacity() / 100.0}, new double[]{0, 0, 0, 0});
             VipsImage tagged = faded.copy(VipsOptions.none()
                     .with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")))) {
            return tagged.copyMemory();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
