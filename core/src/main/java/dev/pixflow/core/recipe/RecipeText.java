package dev.pixflow.core.recipe;

import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.InvalidInputException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a recipe, as in {@code w:300,h:200,fit:cover,g:smart,text:SGVsbG8,q:80,f:webp}:
 * {@code key:value} options separated by commas, safe in a URL path segment.
 *
 * <p>Each key belongs to one operation (or to the output). Options of one operation stand together;
 * an option that belongs to another operation, or that repeats one already given, starts the next
 * operation. Output options may stand anywhere. The canonical form lists operations in order, each
 * led by its first key (so two operations of one kind never merge), then the output options, each in
 * a fixed order, leaving out what equals the default. Free text ({@code text:}) is base64url of UTF-8.
 */
public final class RecipeText {
    /** The keys of each operation, head first, in canonical order. */
    private static final Map<String, List<String>> OPS = new LinkedHashMap<>();
    private static final List<String> OUTPUT = List.of("f", "q", "prog", "sub", "cl", "pal", "lossless", "effort",
            "speed", "meta", "bg");
    /** The JSON name of each key, so an error from an operation names the key the client wrote. */
    private static final Map<String, String> JSON_NAMES = new LinkedHashMap<>();

    static {
        op("resize", "w=width", "h=height", "fit=fit", "g=gravity", "enlarge=enlarge");
        op("crop", "crop=width", "cg=gravity");
        op("rotate", "rot=angle", "rbg=background");
        op("flip", "flip=direction");
        op("text", "text=text", "font=font", "size=size", "tw=widthPercent", "color=colour", "tg=position",
                "tx=dx", "ty=dy", "shadow=shadow", "box=box");
        op("watermark", "wm=image", "wg=position", "margin=margin", "opacity=opacity", "scale=scale", "tile=tile");
        op("blur", "blur=sigma");
        op("sharpen", "sharpen=sigma");
        op("grayscale", "gray=gray");
    }

    private static final Pattern INT = Pattern.compile("-?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,6}(\\.\\d{1,4})?");
    private static final Pattern RECTANGLE = Pattern.compile("(\\d{1,5})x(\\d{1,5})(?:\\+(\\d{1,5})\\+(\\d{1,5}))?");
    private static final Pattern ASPECT = Pattern.compile("(\\d{1,4}):(\\d{1,4})");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_LENGTH = 4096;

    private RecipeText() {
    }

    private static void op(String name, String... keysWithJsonNames) {
        List<String> keys = new ArrayList<>();
        for (String k : keysWithJsonNames) {
            String[] parts = k.split("=");
            keys.add(parts[0]);
            JSON_NAMES.put(name + "." + parts[1], parts[0]);
        }
        OPS.put(name, List.copyOf(keys));
    }

    // ---- parsing

    public static Recipe parse(String text) {
        if (text == null) {
            throw new InvalidInputException("recipe", "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException("recipe", "at most " + MAX_LENGTH + " characters");
        }
        List<Op> ops = new ArrayList<>();
        Map<String, String> output = new LinkedHashMap<>();
        String currentOp = null;
        Map<String, String> current = null;
        for (String token : text.isEmpty() ? new String[0] : text.split(",", -1)) {
            int colon = token.indexOf(':');
            if (colon <= 0 || colon == token.length() - 1) {
                throw new InvalidInputException("recipe", "'" + token + "' is not a key:value option");
            }
            String key = token.substring(0, colon);
            String value = token.substring(colon + 1);
            if (OUTPUT.contains(key)) {
                if (output.put(key, value) != null) {
                    throw new InvalidInputException(key, "given twice");
                }
                continue;
            }
            String owner = ownerOf(key);
            if (current == null || !owner.equals(currentOp) || current.containsKey(key)) {
                if (current != null) {
                    ops.add(build(currentOp, current));
                }
                currentOp = owner;
                current = new LinkedHashMap<>();
            }
            current.put(key, value);
        }
        if (current != null) {
            ops.add(build(currentOp, current));
        }
        return new Recipe(ops, buildOutput(output));
    }

    private static String ownerOf(String key) {
        return OPS.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new InvalidInputException(key, "unknown option"));
    }

    private static Op build(String op, Map<String, String> v) {
        // An operation's options mean nothing without it (cg without crop, rbg without rot); resize's
        // w and h are each optional, and Resize itself asks for one of them.
        String main = OPS.get(op).getFirst();
        if (!"resize".equals(op) && !v.containsKey(main)) {
            throw new InvalidInputException(main, "is needed with " + String.join(", ", v.keySet()));
        }
        try {
            return switch (op) {
                case "resize" -> new Resize(integer(v, "w", 0), integer(v, "h", 0),
                        v.containsKey("fit") ? Fit.fromId("fit", v.get("fit")) : null,
                        v.containsKey("g") ? Gravity.fromId("g", v.get("g")) : null, flag(v, "enlarge"));
                case "crop" -> new Crop(cropArea(v.get("crop")),
                        v.containsKey("cg") ? Gravity.fromId("cg", v.get("cg")) : null);
                case "rotate" -> new Rotate(decimal(v, "rot"), colour(v, "rbg"));
                case "flip" -> switch (v.get("flip")) {
                    case "h" -> new Flip(true, false);
                    case "v" -> new Flip(false, true);
                    case "hv" -> new Flip(true, true);
                    default -> throw new InvalidInputException("flip", "is h, v or hv");
                };
                case "text" -> new Text(base64(v.get("text")),
                        v.containsKey("font") ? Font.fromId("font", v.get("font")) : null,
                        integer(v, "size", 0), integer(v, "tw", 0), colour(v, "color"),
                        v.containsKey("tg") ? Gravity.fromId("tg", v.get("tg")) : null,
                        integer(v, "tx", 0), integer(v, "ty", 0), colour(v, "shadow"), colour(v, "box"));
                case "watermark" -> new Watermark(v.get("wm"),
                        v.containsKey("wg") ? Gravity.fromId("wg", v.get("wg")) : null,
                        integer(v, "margin", 16), integer(v, "opacity", 50), integer(v, "scale", 20), flag(v, "tile"));
                case "blur" -> new Blur(decimal(v, "blur"));
                case "sharpen" -> new Sharpen(decimal(v, "sharpen"));
                case "grayscale" -> {
                    if (!"1".equals(v.get("gray"))) {
                        throw new InvalidInputException("gray", "is written gray:1");
                    }
                    yield new Grayscale();
                }
                default -> throw new IllegalStateException(op);
            };
        } catch (InvalidInputException e) {
            String field = e.field();
            String key = v.containsKey(field) ? field : JSON_NAMES.getOrDefault(op + "." + field, OPS.get(op).getFirst());
            if (key.equals(field)) {
                throw e;
            }
            throw new InvalidInputException(key, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static final Map<String, String> OUTPUT_KEYS = Map.of("format", "f", "quality", "q", "progressive", "prog",
            "chroma", "sub", "compression", "cl", "palette", "pal", "metadata", "meta", "background", "bg");

    private static Output buildOutput(Map<String, String> v) {
        try {
            return output(v);
        } catch (InvalidInputException e) {
            String key = OUTPUT_KEYS.get(e.field());
            if (key == null) {
                throw e;
            }
            throw new InvalidInputException(key, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static Output output(Map<String, String> v) {
        return new Output(
                v.containsKey("f") ? OutputFormat.fromId("f", v.get("f")) : null,
                v.containsKey("q") ? integer(v, "q", 0) : null,
                v.containsKey("prog") ? flag(v, "prog") : null,
                v.containsKey("sub") ? switch (v.get("sub")) {
                    case "444" -> true;
                    case "420" -> false;
                    default -> throw new InvalidInputException("sub", "is 444 (full colour) or 420 (subsampled)");
                } : null,
                v.containsKey("cl") ? integer(v, "cl", 0) : null,
                v.containsKey("pal") ? flag(v, "pal") : null,
                v.containsKey("lossless") ? flag(v, "lossless") : null,
                v.containsKey("effort") ? integer(v, "effort", 0) : null,
                v.containsKey("speed") ? integer(v, "speed", 0) : null,
                v.containsKey("meta") ? MetadataPolicy.fromId("meta", v.get("meta")) : null,
                colour(v, "bg"));
    }

    private static int integer(Map<String, String> v, String key, int absent) {
        String s = v.get(key);
        if (s == null) {
            return absent;
        }
        if (!INT.matcher(s).matches()) {
            throw new InvalidInputException(key, "'" + s + "' is not a whole number of at most 9 digits");
        }
        return Integer.parseInt(s);
    }

    private static double decimal(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null || !DECIMAL.matcher(s).matches()) {
            throw new InvalidInputException(key, "'" + s + "' is not a number of at most 6 digits, and 4 after the point");
        }
        return Double.parseDouble(s);
    }

    private static boolean flag(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null) {
            return false;
        }
        return switch (s) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new InvalidInputException(key, "is 1 or 0");
        };
    }

    private static Colour colour(Map<String, String> v, String key) {
        return v.containsKey(key) ? Colour.parse(key, v.get(key)) : null;
    }

    private static CropArea cropArea(String s) {
        Matcher aspect = ASPECT.matcher(s);
        if (aspect.matches()) {
            return new CropArea.Aspect(Integer.parseInt(aspect.group(1)), Integer.parseInt(aspect.group(2)));
        }
        Matcher rect = RECTANGLE.matcher(s);
        if (!rect.matches()) {
            throw new InvalidInputException("crop", "'" + s + "' is WxH, WxH+X+Y or an aspect ratio W:H");
        }
        int w = Integer.parseInt(rect.group(1));
        int h = Integer.parseInt(rect.group(2));
        return rect.group(3) == null ? new CropArea.Box(w, h)
                : new CropArea.Rectangle(Integer.parseInt(rect.group(3)), Integer.parseInt(rect.group(4)), w, h);
    }

    private static String base64(String s) {
        if (s == null || !BASE64URL.matcher(s).matches()) {
            throw new InvalidInputException("text", "is base64url (RFC 4648, no padding) of UTF-8 text");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(s);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            String text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (!encode(text).equals(s)) {
                throw new InvalidInputException("text", "is not in canonical base64url (no padding, no spare bits)");
            }
            return text;
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException("text", "is base64url (RFC 4648, no padding) of UTF-8 text");
        }
    }

    static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- printing

    public static String print(Recipe recipe) {
        List<String> tokens = new ArrayList<>();
        for (Op op : recipe.ops()) {
            tokens.addAll(print(op));
        }
        tokens.addAll(print(recipe.output()));
        return String.join(",", tokens);
    }

    private static List<String> print(Op op) {
        List<String> t = new ArrayList<>();
        switch (op) {
            case Resize r -> {
                t.add("w:" + r.width());
                if (r.height() != 0) {
                    t.add("h:" + r.height());
                }
                if (r.fit() != Fit.INSIDE) {
                    t.add("fit:" + r.fit().id());
                }
                if (r.gravity() != Gravity.CENTRE) {
                    t.add("g:" + r.gravity().id());
                }
                if (r.enlarge()) {
                    t.add("enlarge:1");
                }
            }
            case Crop c -> {
                t.add("crop:" + switch (c.area()) {
                    case CropArea.Rectangle rect -> rect.width() + "x" + rect.height() + "+" + rect.x() + "+" + rect.y();
                    case CropArea.Box box -> box.width() + "x" + box.height();
                    case CropArea.Aspect a -> a.width() + ":" + a.height();
                });
                if (c.gravity() != Gravity.CENTRE) {
                    t.add("cg:" + c.gravity().id());
                }
            }
            case Rotate r -> {
                t.add("rot:" + number(r.angle()));
                if (r.background() != null) {
                    t.add("rbg:" + r.background().hex());
                }
            }
            case Flip f -> t.add("flip:" + (f.horizontal() ? "h" : "") + (f.vertical() ? "v" : ""));
            case Text x -> {
                t.add("text:" + encode(x.text()));
                if (x.font() != Font.SANS) {
                    t.add("font:" + x.font().id());
                }
                if (x.widthPercent() != 0) {
                    t.add("tw:" + x.widthPercent());
                } else if (x.size() != Text.DEFAULT_SIZE) {
                    t.add("size:" + x.size());
                }
                if (!x.colour().equals(Colour.WHITE)) {
                    t.add("color:" + x.colour().hex());
                }
                if (x.position() != Gravity.SOUTH_EAST) {
                    t.add("tg:" + x.position().id());
                }
                if (x.dx() != 0) {
                    t.add("tx:" + x.dx());
                }
                if (x.dy() != 0) {
                    t.add("ty:" + x.dy());
                }
                if (x.shadow() != null) {
                    t.add("shadow:" + x.shadow().hex());
                }
                if (x.box() != null) {
                    t.add("box:" + x.box().hex());
                }
            }
            case Watermark w -> {
                t.add("wm:" + w.source());
                if (w.position() != Gravity.SOUTH_EAST) {
                    t.add("wg:" + w.position().id());
                }
                if (w.margin() != 16) {
                    t.add("margin:" + w.margin());
                }
                if (w.opacity() != 50) {
                    t.add("opacity:" + w.opacity());
                }
                if (w.scalePercent() != 20) {
                    t.add("scale:" + w.scalePercent());
                }
                if (w.tile()) {
                    t.add("tile:1");
                }
            }
            case Blur b -> t.add("blur:" + number(b.sigma()));
            case Sharpen s -> t.add("sharpen:" + number(s.sigma()));
            case Grayscale g -> t.add("gray:1");
        }
        return t;
    }

    private static List<String> print(Output o) {
        List<String> t = new ArrayList<>();
        if (o.format() != null) {
            t.add("f:" + o.format().id());
        }
        if (o.quality() != null) {
            t.add("q:" + o.quality());
        }
        if (o.progressive() != null) {
            t.add("prog:" + (o.progressive() ? 1 : 0));
        }
        if (o.chroma444() != null) {
            t.add("sub:" + (o.chroma444() ? "444" : "420"));
        }
        if (o.compression() != null) {
            t.add("cl:" + o.compression());
        }
        if (o.palette() != null) {
            t.add("pal:" + (o.palette() ? 1 : 0));
        }
        if (o.lossless() != null) {
            t.add("lossless:" + (o.lossless() ? 1 : 0));
        }
        if (o.effort() != null) {
            t.add("effort:" + o.effort());
        }
        if (o.speed() != null) {
            t.add("speed:" + o.speed());
        }
        if (o.metadata() != null) {
            t.add("meta:" + o.metadata().id());
        }
        if (o.background() != null) {
            t.add("bg:" + o.background().hex());
        }
        return t;
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
