package dev.pixflow.app.web.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.pixflow.core.media.Fit;
import dev.pixflow.core.recipe.Blur;
import dev.pixflow.core.recipe.Colour;
import dev.pixflow.core.recipe.Crop;
import dev.pixflow.core.recipe.CropArea;
import dev.pixflow.core.recipe.Flip;
import dev.pixflow.core.recipe.Font;
import dev.pixflow.core.recipe.Gravity;
import dev.pixflow.core.recipe.Grayscale;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Rotate;
import dev.pixflow.core.recipe.Sharpen;
import dev.pixflow.core.recipe.Text;
import dev.pixflow.core.recipe.Watermark;
import dev.pixflow.core.media.InvalidInputException;

/**
 * One operation in the JSON form of a recipe, told apart by {@code "op"}. Jackson reads and writes
 * these; each converts to and from the core's operation, which validates. Enumerations and colours
 * travel as the same words as in the text form ({@code "cover"}, {@code "se"}, {@code "ffffffcc"}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OpJson.ResizeJson.class, name = "resize"),
        @JsonSubTypes.Type(value = OpJson.CropJson.class, name = "crop"),
        @JsonSubTypes.Type(value = OpJson.RotateJson.class, name = "rotate"),
        @JsonSubTypes.Type(value = OpJson.FlipJson.class, name = "flip"),
        @JsonSubTypes.Type(value = OpJson.TextJson.class, name = "text"),
        @JsonSubTypes.Type(value = OpJson.WatermarkJson.class, name = "watermark"),
        @JsonSubTypes.Type(value = OpJson.BlurJson.class, name = "blur"),
        @JsonSubTypes.Type(value = OpJson.SharpenJson.class, name = "sharpen"),
        @JsonSubTypes.Type(value = OpJson.GrayscaleJson.class, name = "grayscale")})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(discriminatorProperty = "op", discriminatorMapping = {
        @DiscriminatorMapping(value = "resize", schema = OpJson.ResizeJson.class),
        @DiscriminatorMapping(value = "crop", schema = OpJson.CropJson.class),
        @DiscriminatorMapping(value = "rotate", schema = OpJson.RotateJson.class),
        @DiscriminatorMapping(value = "flip", schema = OpJson.FlipJson.class),
        @DiscriminatorMapping(value = "text", schema = OpJson.TextJson.class),
        @DiscriminatorMapping(value = "watermark", schema = OpJson.WatermarkJson.class),
        @DiscriminatorMapping(value = "blur", schema = OpJson.BlurJson.class),
        @DiscriminatorMapping(value = "sharpen", schema = OpJson.SharpenJson.class),
        @DiscriminatorMapping(value = "grayscale", schema = OpJson.GrayscaleJson.class)})
public sealed interface OpJson {

    Op toOp();

    static OpJson of(Op op) {
        return switch (op) {
            case Resize r -> new ResizeJson(nonZero(r.width()), nonZero(r.height()), r.fit().id(), r.gravity().id(),
                    r.enlarge() ? true : null);
            case Crop c -> switch (c.area()) {
                case CropArea.Rectangle r -> new CropJson(r.x(), r.y(), r.width(), r.height(), null, null);
                case CropArea.Box b -> new CropJson(null, null, b.width(), b.height(), null, c.gravity().id());
                case CropArea.Aspect a -> new CropJson(null, null, null, null, a.width() + ":" + a.height(), c.gravity().id());
            };
            case Rotate r -> new RotateJson(r.angle(), hex(r.background()));
            case Flip f -> new FlipJson((f.horizontal() ? "h" : "") + (f.vertical() ? "v" : ""));
            case Text t -> new TextJson(t.text(), t.font().id(), t.widthPercent() == 0 ? t.size() : null,
                    nonZero(t.widthPercent()), t.colour().hex(), t.position().id(), nonZero(t.dx()), nonZero(t.dy()),
                    hex(t.shadow()), hex(t.box()));
            case Watermark w -> new WatermarkJson(w.source(), w.position().id(), w.margin(), w.opacity(),
                    w.scalePercent(), w.tile() ? true : null);
            case Blur b -> new BlurJson(b.sigma());
            case Sharpen s -> new SharpenJson(s.sigma());
            case Grayscale g -> new GrayscaleJson();
        };
    }

    record ResizeJson(Integer width, Integer height, String fit, String gravity, Boolean enlarge) implements OpJson {
        @Override
        public Op toOp() {
            return new Resize(orZero(width), orZero(height), fit == null ? null : Fit.fromId("fit", fit),
                    gravity == null ? null : Gravity.fromId("gravity", gravity), Boolean.TRUE.equals(enlarge));
        }
    }

    /** A rectangle ({@code x, y, width, height}), a box ({@code width, height}) or an {@code aspect} such as 16:9. */
    record CropJson(Integer x, Integer y, Integer width, Integer height, String aspect, String gravity) implements OpJson {
        @Override
        public Op toOp() {
            CropArea area;
            if (aspect != null && (x != null || y != null || width != null || height != null)) {
                throw new InvalidInputException("aspect", "give an aspect or a size (and a corner), not both");
            }
            if (aspect != null) {
                String[] parts = aspect.split(":");
                if (parts.length != 2 || !parts[0].matches("\\d{1,4}") || !parts[1].matches("\\d{1,4}")) {
                    throw new InvalidInputException("aspect", "an aspect ratio is written W:H, such as 16:9");
                }
                area = new CropArea.Aspect(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            } else if (x != null || y != null) {
                area = new CropArea.Rectangle(orZero(x), orZero(y), orZero(width), orZero(height));
            } else {
                area = new CropArea.Box(orZero(width), orZero(height));
            }
            return new Crop(area, gravity == null ? null : Gravity.fromId("gravity", gravity));
        }
    }

    record RotateJson(Double angle, String background) implements OpJson {
        @Override
        public Op toOp() {
            if (angle == null) {
                throw new InvalidInputException("angle", "is required");
            }
            return new Rotate(angle, colour("background", background));
        }
    }

    /** {@code h}, {@code v} or {@code hv}. */
    record FlipJson(String direction) implements OpJson {
        @Override
        public Op toOp() {
            String d = direction == null ? "" : direction;
            if (!d.equals("h") && !d.equals("v") && !d.equals("hv")) {
                throw new InvalidInputException("direction", "is h, v or hv");
            }
            return new Flip(d.contains("h"), d.contains("v"));
        }
    }

    record TextJson(String text, String font, Integer size, Integer widthPercent, String colour, String position,
                    Integer dx, Integer dy, String shadow, String box) implements OpJson {
        @Override
        public Op toOp() {
            return new Text(text, font == null ? null : Font.fromId("font", font), orZero(size), orZero(widthPercent),
                    OpJson.colour("colour", colour), position == null ? null : Gravity.fromId("position", position),
                    orZero(dx), orZero(dy), OpJson.colour("shadow", shadow), OpJson.colour("box", box));
        }
    }

    record WatermarkJson(String image, String position, Integer margin, Integer opacity, Integer scale, Boolean tile)
            implements OpJson {
        @Override
        public Op toOp() {
            Watermark defaults = Watermark.of(Watermark.LOGO);
            return new Watermark(image, position == null ? null : Gravity.fromId("position", position),
                    margin == null ? defaults.margin() : margin, opacity == null ? defaults.opacity() : opacity,
                    scale == null ? defaults.scalePercent() : scale, Boolean.TRUE.equals(tile));
        }
    }

    record BlurJson(Double sigma) implements OpJson {
        @Override
        public Op toOp() {
            return new Blur(sigma == null ? 0 : sigma);
        }
    }

    record SharpenJson(Double sigma) implements OpJson {
        @Override
        public Op toOp() {
            return new Sharpen(sigma == null ? 0 : sigma);
        }
    }

    record GrayscaleJson() implements OpJson {
        @Override
        public Op toOp() {
            return new Grayscale();
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Integer nonZero(int value) {
        return value == 0 ? null : value;
    }

    static Colour colour(String field, String hex) {
        return hex == null ? null : Colour.parse(field, hex);
    }

    private static String hex(Colour colour) {
        return colour == null ? null : colour.hex();
    }
}
