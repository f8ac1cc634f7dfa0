package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.source.HeicDecoding;
import dev.pixflow.engine.vips.source.Rejections;
import dev.pixflow.engine.vips.source.SourceHeader;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

/**
 * Opens the original once for the still variants, at the smallest size every one of them can still
 * be made from, letting the loader shrink while decoding (JPEG decodes at 1/2, 1/4, 1/8; WebP and
 * HEIF have their own; HEIC's pixels come from libheif where libvips has no HEVC decoder, see
 * {@link HeicDecoding}). The image comes out upright (EXIF orientation applied) and, when it carries
 * a profile or is CMYK, transformed to sRGB; otherwise libvips takes the pixels as sRGB already.
 * The result is sequential: it streams from the file, read once.
 *
 * <p>An upright JPEG is decoded here at the smallest DCT scale that still holds the box, with its
 * profile (or CMYK) converted on the decoded pixels. Everything else goes through vips_thumbnail,
 * which turns the image upright; it keeps a factor of two for its own resize, so it decodes up to
 * four times the pixels a scaled decode does.
 */
public final class LoadShared implements RenderStep {
    @Override
    public void apply(RenderContext context) {
        if (context.stillVariants().isEmpty()) {
            return;
        }
        SourceHeader header = context.header();
        Size box = Fitting.sharedBox(context.stillVariants().stream().map(VariantState::spec).toList(),
                context.sourceSize());
        if (uprightJpeg(header) && loadJpegShrunk(context, box)) {
            return;
        }
        VipsOptions options = VipsOptions.none()
                .with("height", box.height())
                .with("size", VipsEnums.value("VipsSize", "down"))
                .with("fail_on", VipsEnums.value("VipsFailOn", "truncated"));
        // A CMYK file without a profile is read with libvips' built-in CMYK profile.
        if (header.cmyk() || header.hasIccProfile()) {
            options = options.with("export_profile", "srgb");
        }
        try {
            context.replaceBase(context.watched(HeicDecoding.thumbnail(context.source(), header.format(), header.pixels(),
                    box.width(), options)), true);
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
    }

    /** A JPEG that needs no turning: the common web photo, and a camera's landscape one. */
    private static boolean uprightJpeg(SourceHeader header) {
        return "jpegload".equals(header.loader()) && header.orientation() <= 1;
    }

    /**
     * Decodes the JPEG at the smallest DCT scale (1/2, 1/4, 1/8) that is still at least the box, and
     * leaves the rest of the scaling to the variants. vips_thumbnail would stop one factor earlier
     * (it keeps a factor of two for its own resize, for sharpness), which costs a decode twice or
     * four times as large; sharp's default makes the same choice as here. A profile (or CMYK without
     * one, read with libvips' built-in CMYK profile) is converted to sRGB on the scaled pixels, as
     * they stream. False when the profile cannot be used: vips_thumbnail then decides, as it always did.
     */
    private static boolean loadJpegShrunk(RenderContext context, Size box) {
        SourceHeader header = context.header();
        Size source = context.sourceSize();
        int shrink = 1;
        while (shrink < 8 && ceilDiv(source.width(), shrink * 2) >= box.width()
                && ceilDiv(source.height(), shrink * 2) >= box.height()) {
            shrink *= 2;
        }
        VipsOptions options = VipsOptions.none()
                .with("shrink", shrink)
                .with("access", VipsEnums.value("VipsAccess", "sequential"))
                .with("fail_on", VipsEnums.value("VipsFailOn", "truncated"));
        VipsImage decoded;
        try {
            decoded = context.watched(VipsImage.load(header.loader(), context.source(), options));
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
        if (!header.cmyk() && !header.hasIccProfile()) {
            context.replaceBase(decoded, true);
            return true;
        }
        VipsOptions profile = VipsOptions.none().with("embedded", true);
        if (header.cmyk()) {
            profile = profile.with("input_profile", "cmyk");
        }
        try (decoded) {
            context.replaceBase(decoded.apply("icc_transform", profile, "srgb"), true);
            return true;
        } catch (VipsException e) {
            return false;
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
