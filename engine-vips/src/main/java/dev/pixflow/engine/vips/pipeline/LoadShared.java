package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.source.HeicDecoding;
import dev.pixflow.engine.vips.source.JpegDecoding;
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
 * <p>A JPEG is decoded here by libvips' JPEG loader (never its Ultra HDR one: an Ultra HDR photo
 * renders from its SDR picture, as at the header) at the smallest DCT scale that still holds the
 * box, with its profile (or CMYK) converted on the decoded pixels; one that EXIF turns is then
 * scaled to the box and turned by vips_thumbnail_image. Everything else goes through
 * vips_thumbnail, which turns the image upright; it keeps a factor of two for its own resize, so it
 * decodes up to four times the pixels a scaled decode does.
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
        if (header.format() == ImageFormat.JPEG && loadJpegShrunk(context, box)) {
            return;
        }
        VipsOptions options = toBox(box).with("fail_on", VipsEnums.value("VipsFailOn", "truncated"));
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
        VipsImage decoded;
        try {
            decoded = context.watched(JpegDecoding.scaled(context.source(), shrink));
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
        VipsImage srgb;
        if (!header.cmyk() && !header.hasIccProfile()) {
            srgb = decoded;
        } else {
            VipsOptions profile = VipsOptions.none().with("embedded", true);
            if (header.cmyk()) {
                profile = profile.with("input_profile", "cmyk");
            }
            try (decoded) {
                srgb = decoded.apply("icc_transform", profile, "srgb");
            } catch (VipsException e) {
                return false;
            }
        }
        if (header.orientation() <= 1) {
            context.replaceBase(srgb, true);
            return true;
        }
        // Turning reads out of order, so the pixels are held in memory to turn them: vips_thumbnail_image
        // scales the stream to the box first and turns that, as vips_thumbnail does, where turning the
        // decode itself would hold up to four times the box (a 12 MP phone photo whole, for the large).
        try (srgb) {
            context.replaceBase(srgb.thumbnailImage(box.width(), toBox(box)), true);
            return true;
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
    }

    /** vips_thumbnail's options for an image no larger than {@code box}; its width is the call's argument. */
    private static VipsOptions toBox(Size box) {
        return VipsOptions.none()
                .with("height", box.height())
                .with("size", VipsEnums.value("VipsSize", "down"));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
