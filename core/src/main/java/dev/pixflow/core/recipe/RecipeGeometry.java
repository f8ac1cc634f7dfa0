package dev.pixflow.core.recipe;

import dev.pixflow.core.media.Fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sizes a recipe produces, worked out from the displayed size of the original before any pixel
 * is decoded: the size after each operation, and the output. Limits are checked against it, and the
 * engine resizes to exactly these sizes, so an output's size never depends on how the source was
 * shrunk on load.
 */
public final class RecipeGeometry {
    private RecipeGeometry() {
    }

    /** The size after each operation, in order; the last is the output (the source when there are none). */
    public static List<Size> steps(Recipe recipe, Size source) {
        List<Size> sizes = new ArrayList<>(recipe.ops().size());
        Size current = source;
        for (Op op : recipe.ops()) {
            current = after(op, current);
            sizes.add(current);
        }
        return sizes;
    }

    /**
     * The first crop rectangle that starts outside the image it would crop (which the render cuts to a
     * pixel at the edge), with the size it would crop; empty when there is none.
     */
    public static Optional<String> cropOutside(Recipe recipe, Size source) {
        Size current = source;
        for (Op op : recipe.ops()) {
            if (op instanceof Crop c && c.area() instanceof CropArea.Rectangle r && (r.x() >= current.width() || r.y() >= current.height())) {
                return Optional.of("the rectangle starts at %d,%d, outside the %dx%d image it crops"
                        .formatted(r.x(), r.y(), current.width(), current.height()));
            }
            current = after(op, current);
        }
        return Optional.empty();
    }

    public static Size output(Recipe recipe, Size source) {
        List<Size> steps = steps(recipe, source);
        return steps.isEmpty() ? source : steps.getLast();
    }

    public static Size after(Op op, Size in) {
        return switch (op) {
            case Resize r -> cropped(r, scaled(r, in));
            case Crop c -> region(c.area(), in);
            case Rotate r -> rotated(r.angle(), in);
            default -> in;
        };
    }

    /** The horizontal and vertical scale a resize applies to an image of size {@code in}. */
    public static double[] scales(Resize r, Size in) {
        double sx = r.width() == 0 ? 0 : (double) r.width() / in.width();
        double sy = r.height() == 0 ? 0 : (double) r.height() / in.height();
        if (sx == 0) {
            sx = sy;
        }
        if (sy == 0) {
            sy = sx;
        }
        double[] s = switch (r.fit()) {
            case INSIDE -> new double[]{Math.min(sx, sy), Math.min(sx, sy)};
            case COVER, OUTSIDE -> new double[]{Math.max(sx, sy), Math.max(sx, sy)};
            case FILL -> new double[]{sx, sy};
        };
        if (!r.enlarge()) {
            s[0] = Math.min(1.0, s[0]);
            s[1] = Math.min(1.0, s[1]);
        }
        return s;
    }

    /** The size after scaling, before the crop of a cover fit. */
    public static Size scaled(Resize r, Size in) {
        double[] s = scales(r, in);
        return new Size(atLeastOne(Math.round(in.width() * s[0])), atLeastOne(Math.round(in.height() * s[1])));
    }

    /** A cover fit is cut to its box, or to the image when that is smaller than the box. */
    public static Size cropped(Resize r, Size scaled) {
        if (r.fit() != Fit.COVER) {
            return scaled;
        }
        return new Size(Math.min(r.width(), scaled.width()), Math.min(r.height(), scaled.height()));
    }

    /** The part of {@code in} a crop keeps (cut to the image); for a rectangle, where it starts too. */
    public static Size region(CropArea area, Size in) {
        return switch (area) {
            case CropArea.Rectangle r -> {
                int x = Math.min(r.x(), in.width() - 1);
                int y = Math.min(r.y(), in.height() - 1);
                yield new Size(Math.min(r.width(), in.width() - x), Math.min(r.height(), in.height() - y));
            }
            case CropArea.Box b -> new Size(Math.min(b.width(), in.width()), Math.min(b.height(), in.height()));
            case CropArea.Aspect a -> {
                // The largest region of the ratio that fits: full width or full height.
                long wantHeight = Math.round((double) in.width() * a.height() / a.width());
                yield wantHeight <= in.height()
                        ? new Size(in.width(), atLeastOne(wantHeight))
                        : new Size(atLeastOne(Math.round((double) in.height() * a.width() / a.height())), in.height());
            }
        };
    }

    public static Size rotated(double angle, Size in) {
        if (angle == 90 || angle == 270) {
            return new Size(in.height(), in.width());
        }
        if (angle == 180) {
            return in;
        }
        double rad = Math.toRadians(angle);
        double cos = Math.abs(Math.cos(rad));
        double sin = Math.abs(Math.sin(rad));
        return new Size(atLeastOne((long) Math.ceil(in.width() * cos + in.height() * sin - 1e-9)),
                atLeastOne((long) Math.ceil(in.width() * sin + in.height() * cos - 1e-9)));
    }

    /**
     * How small the original may be decoded for this recipe: the scale of its first resize, when
     * everything before that resize only moves or cuts pixels (crops, flips, turns, grey) and so gives
     * the same result on a smaller copy. 1 when the recipe needs the full resolution (no resize, an
     * enlargement, or a blur, text or watermark before the first resize).
     */
    public static double decodeScale(Recipe recipe, Size source) {
        Size current = source;
        for (Op op : recipe.ops()) {
            switch (op) {
                case Resize r -> {
                    double[] s = scales(r, current);
                    return Math.min(1.0, Math.max(s[0], s[1]));
                }
                case Crop c -> current = region(c.area(), current);
                case Rotate r -> current = rotated(r.angle(), current);
                case Flip f -> { }
                case Grayscale g -> { }
                default -> {
                    return 1.0;
                }
            }
        }
        return 1.0;
    }

    private static int atLeastOne(long pixels) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, pixels));
    }
}
