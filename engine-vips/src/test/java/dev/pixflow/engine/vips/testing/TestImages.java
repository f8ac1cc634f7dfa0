package dev.pixflow.engine.vips.testing;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Real images for tests, drawn and encoded with libvips through Pixflow's own binding, and a reader
 * that says what an output holds (size, format, bands, the colour at a point).
 *
 * <p>Most images have four coloured quadrants, so a test can check what the eye would: top-left
 * {@link Rgb#RED}, top-right {@link Rgb#GREEN}, bottom-left {@link Rgb#BLUE}, bottom-right
 * {@link Rgb#WHITE}. Each method writes a file named after what it holds into {@code dir} and
 * returns it (the same call twice writes the same file again).
 */
public final class TestImages {
    private static final int QUALITY = 90;

    private TestImages() {
    }

    // ---- formats Pixflow accepts

    /** What libvips warns of, in the VIPS log domain, when it reads {@link #jpegWithOddResolutionUnit}'s header. */
    public static final String ODD_RESOLUTION_UNIT_WARNING = "unknown EXIF resolution unit";

    /**
     * A JPEG whose EXIF gives its resolution in a unit libvips does not know (0; 1 to 3 are defined),
     * as some cameras' photos do: libvips warns of it when it reads the header, and renders it. The
     * EXIF is written here, since libvips writes the unit from the image's own resolution.
     */
    public static Path jpegWithOddResolutionUnit(Path dir) {
        Path plain = dir.resolve("no-exif.jpg");
        try (VipsImage image = VipsImage.open(jpeg(dir, 64, 48))) {
            image.save("jpegsave", plain, VipsOptions.none().with("strip", true));
        }
        ByteBuffer tiff = ByteBuffer.allocate(66).order(java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        // IFD0, three entries in tag order: XResolution and YResolution (RATIONAL, at 50 and 58), ResolutionUnit (SHORT).
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x011A).putShort((short) 5).putInt(1).putInt(50);
        tiff.putShort((short) 0x011B).putShort((short) 5).putInt(1).putInt(58);
        tiff.putShort((short) 0x0128).putShort((short) 3).putInt(1).putShort((short) 0).putShort((short) 0);
        tiff.putInt(0);
        tiff.putInt(72).putInt(1).putInt(72).putInt(1);
        try {
            byte[] jpeg = Files.readAllBytes(plain);
            int length = 2 + 6 + tiff.capacity();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(jpeg, 0, 2);
            out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
            out.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
            out.write(tiff.array());
            out.write(jpeg, 2, jpeg.length - 2);
            return Files.write(dir.resolve("odd-resolution-unit.jpg"), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A baseline JPEG with quadrants. It carries EXIF (libvips writes it unless told to strip). */
    public static Path jpeg(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.jpg".formatted(width, height),
                "jpegsave", VipsOptions.none().with("Q", QUALITY));
    }

    public static Path png(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.png".formatted(width, height),
                "pngsave", VipsOptions.none());
    }

    /**
     * A PNG with an alpha channel: quadrants as usual, except bottom-right, which is fully transparent
     * (and black under the transparency, so flattening onto white is visible).
     */
    public static Path pngWithAlpha(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, true), dir, "quadrants_alpha_%dx%d.png".formatted(width, height),
                "pngsave", VipsOptions.none());
    }

    /** A lossless WebP with quadrants. */
    public static Path webp(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.webp".formatted(width, height),
                "webpsave", VipsOptions.none().with("lossless", true));
    }

    public static Path gif(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.gif".formatted(width, height),
                "gifsave", VipsOptions.none());
    }

    /** An animated GIF: {@code frames} frames of {@code width x height}, the first red, then green, blue ... */
    public static Path animatedGif(Path dir, int width, int height, int frames) {
        Rgb[] colours = {Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE};
        byte[] pixels = new byte[width * height * frames * 3];
        for (int frame = 0; frame < frames; frame++) {
            Rgb colour = colours[frame % colours.length];
            fill(pixels, width, 3, 0, frame * height, width, height, colour, 255);
        }
        try (VipsImage strip = srgb(pixels, width, height * frames, 3);
             VipsImage animation = strip.withIntField("page-height", height)) {
            return save(animation, dir, "animated_%dx%d_%df.gif".formatted(width, height, frames), "gifsave",
                    VipsOptions.none());
        }
    }

    /**
     * An animation of {@code frames} frames of {@code width x height} ({@code saver}: gifsave or
     * webpsave), the first red, then green, blue, white; with {@code alpha}, each frame's bottom-right
     * quadrant is transparent.
     */
    public static Path animation(Path dir, int width, int height, int frames, String saver, boolean alpha) {
        Rgb[] colours = {Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE};
        int bands = alpha ? 4 : 3;
        byte[] pixels = new byte[width * height * frames * bands];
        for (int frame = 0; frame < frames; frame++) {
            fill(pixels, width, bands, 0, frame * height, width, height, colours[frame % colours.length], 255);
            if (alpha) {
                fill(pixels, width, bands, width / 2, frame * height + height / 2, width - width / 2,
                        height - height / 2, new Rgb(0, 0, 0), 0);
            }
        }
        String suffix = saver.startsWith("gif") ? "gif" : "webp";
        try (VipsImage strip = srgb(pixels, width, height * frames, bands);
             VipsImage animation = strip.withIntField("page-height", height)) {
            return save(animation, dir, "animated%s_%dx%d_%df.%s".formatted(alpha ? "_alpha" : "", width, height,
                    frames, suffix), saver, saver.startsWith("webp") ? VipsOptions.none().with("lossless", true)
                    : VipsOptions.none());
        }
    }

    /**
     * The quadrant colours of {@link #cmykJpeg}: red, green and blue that CMYK inks can print (pure
     * sRGB primaries cannot be, and would come back other colours from any CMYK file), and white.
     */
    public static final java.util.List<Rgb> CMYK_QUADRANTS = java.util.List.of(
            new Rgb(190, 60, 60), new Rgb(80, 150, 80), new Rgb(60, 80, 150), Rgb.WHITE);

    /**
     * A CMYK JPEG of quadrants ({@link #CMYK_QUADRANTS}) without an embedded profile, as print
     * workflows often write them: its colours come out right only when read through a CMYK profile.
     */
    public static Path cmykJpeg(Path dir, int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        int halfWidth = width / 2;
        int halfHeight = height / 2;
        fill(pixels, width, 3, 0, 0, halfWidth, halfHeight, CMYK_QUADRANTS.get(0), 255);
        fill(pixels, width, 3, halfWidth, 0, width - halfWidth, halfHeight, CMYK_QUADRANTS.get(1), 255);
        fill(pixels, width, 3, 0, halfHeight, halfWidth, height - halfHeight, CMYK_QUADRANTS.get(2), 255);
        fill(pixels, width, 3, halfWidth, halfHeight, width - halfWidth, height - halfHeight,
                CMYK_QUADRANTS.get(3), 255);
        try (VipsImage srgb = srgb(pixels, width, height, 3);
             VipsImage cmyk = srgb.apply("icc_transform", VipsOptions.none(), "cmyk");
             VipsImage bare = cmyk.withoutFields(name -> name.equals("icc-profile-data"))) {
            return save(bare, dir, "quadrants_cmyk_%dx%d.jpg".formatted(width, height), "jpegsave",
                    VipsOptions.none().with("Q", QUALITY));
        }
    }

    /** A 16-bit RGB PNG of the quadrants (each 8-bit value times 257). */
    public static Path png16(Path dir, int width, int height) {
        try (VipsImage eight = quadrants(width, height, false);
             VipsImage wide = eight.cast(VipsEnums.value("VipsBandFormat", "ushort"));
             VipsImage scaled = wide.apply("linear", VipsOptions.none(), doubles(257, 257, 257),
                     doubles(0, 0, 0), 3);
             VipsImage ushort = scaled.cast(VipsEnums.value("VipsBandFormat", "ushort"));
             VipsImage rgb16 = ushort.copy(VipsOptions.none()
                     .with("interpretation", VipsEnums.value("VipsInterpretation", "rgb16")))) {
            return save(rgb16, dir, "quadrants_16bit_%dx%d.png".formatted(width, height), "pngsave",
                    VipsOptions.none());
        }
    }

    private static java.lang.foreign.MemorySegment doubles(double... values) {
        return java.lang.foreign.Arena.ofAuto().allocateFrom(java.lang.foreign.ValueLayout.JAVA_DOUBLE, values);
    }

    public static Path tiff(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.tiff".formatted(width, height),
                "tiffsave", VipsOptions.none());
    }

    /**
     * An Ultra HDR JPEG, as Android phones write their photos: an ordinary JPEG (the SDR picture)
     * followed by a gain map in a second picture (MPF). Written by libvips' uhdrsave (libultrahdr),
     * which builds of 8.18 and later may have, from the quadrants in linear light.
     */
    public static Path ultraHdrJpeg(Path dir, int width, int height) {
        return ultraHdr(dir, width, height, false);
    }

    /** {@link #ultraHdrJpeg} stored sideways with EXIF orientation 6, as a phone held upright writes it. */
    public static Path ultraHdrJpegOrientation6(Path dir, int width, int height) {
        return ultraHdr(dir, width, height, true);
    }

    private static Path ultraHdr(Path dir, int width, int height, boolean sideways) {
        String name = "quadrants_uhdr%s_%dx%d.jpg".formatted(sideways ? "_orientation6" : "", width, height);
        try (VipsImage srgb = quadrants(width, height, false);
             VipsImage linear = srgb.colourspace(VipsEnums.value("VipsInterpretation", "scrgb"))) {
            if (!sideways) {
                return save(linear, dir, name, "uhdrsave", VipsOptions.none().with("Q", QUALITY));
            }
            // uhdrsave writes the EXIF block it is given: the one libvips wrote for orientation 6.
            try (VipsImage turned = VipsImage.open(jpegOrientation6(dir, width, height));
                 VipsImage tagged = linear.withFieldsOf(turned, field -> false)) {
                return save(tagged, dir, name, "uhdrsave", VipsOptions.none().with("Q", QUALITY));
            }
        }
    }

    /** HEIF with AV1 compression. */
    public static Path avif(Path dir, int width, int height) {
        return saveAndClose(quadrants(width, height, false), dir, "quadrants_%dx%d.avif".formatted(width, height),
                "heifsave", VipsOptions.none().with("Q", QUALITY)
                        .with("compression", VipsEnums.value("VipsForeignHeifCompression", "av1")));
    }

    /**
     * HEIF with HEVC compression, as phones write it: coded by x265 through the system's libheif
     * ({@link HevcEncoder}), not by the libvips under test, which may have no HEVC encoder.
     */
    public static Path heic(Path dir, int width, int height) {
        return HevcEncoder.encode(dir.resolve("quadrants_%dx%d.heic".formatted(width, height)),
                quadrantPixels(width, height, 3), width, height, QUALITY, 1, null);
    }

    /**
     * An iPhone-style HEIC: quadrants stored {@code width x height} with an {@code irot} box that turns
     * them 90 degrees clockwise for display, and EXIF that says the same (Orientation 6, as iPhones
     * write it) besides the camera's make. Displayed it is {@code height x width}, with blue top-left,
     * red top-right, white bottom-left and green bottom-right; turning it by the EXIF tag as well would
     * show it upside down.
     */
    public static Path heicRotated(Path dir, int width, int height) {
        return HevcEncoder.encode(dir.resolve("rotated_%dx%d.heic".formatted(width, height)),
                quadrantPixels(width, height, 3), width, height, QUALITY, 6, exif("Apple", 6));
    }

    /**
     * A big-endian TIFF-structured EXIF block with two IFD0 tags: Make and Orientation.
     */
    public static byte[] exif(String make, int orientation) {
        byte[] text = (make + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd = 8;
        int data = ifd + 2 + 2 * 12 + 4;
        ByteBuffer exif = ByteBuffer.allocate(data + text.length)
                .put(new byte[]{'M', 'M', 0, 42}).putInt(ifd)
                .putShort((short) 2)
                .putShort((short) 0x010F).putShort((short) 2).putInt(text.length).putInt(data)   // Make, ASCII
                .putShort((short) 0x0112).putShort((short) 3).putInt(1)                          // Orientation, SHORT
                .putShort((short) orientation).putShort((short) 0)
                .putInt(0)                                                                        // no next IFD
                .put(text);
        return exif.array();
    }

    /**
     * A JPEG stored as {@code width x height} quadrants with EXIF orientation 6 ("rotate 90 degrees
     * clockwise to display"): displayed it is {@code height x width}, with blue top-left, red
     * top-right, white bottom-left and green bottom-right.
     */
    public static Path jpegOrientation6(Path dir, int width, int height) {
        try (VipsImage stored = quadrants(width, height, false);
             VipsImage tagged = stored.withIntField("orientation", 6)) {
            return save(tagged, dir, "orientation6_%dx%d.jpg".formatted(width, height), "jpegsave",
                    VipsOptions.none().with("Q", QUALITY));
        }
    }

    /**
     * A quadrant JPEG whose pixels are in Display P3 with the P3 profile embedded: it looks like
     * {@link #jpeg} in a colour-managed viewer, but its raw numbers differ (sRGB red is about
     * 234, 51, 35 in P3), so ignoring the profile shows wrong colours.
     */
    public static Path jpegInDisplayP3(Path dir, int width, int height) {
        try (VipsImage srgb = quadrants(width, height, false);
             VipsImage p3 = srgb.apply("icc_transform", VipsOptions.none(), "p3")) {
            return save(p3, dir, "quadrants_p3_%dx%d.jpg".formatted(width, height), "jpegsave",
                    VipsOptions.none().with("Q", QUALITY));
        }
    }

    /** An 8-bit greyscale JPEG: left half dark, right half light. */
    public static Path greyJpeg(Path dir, int width, int height) {
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            Arrays.fill(pixels, y * width, y * width + width / 2, (byte) 40);
            Arrays.fill(pixels, y * width + width / 2, (y + 1) * width, (byte) 210);
        }
        try (VipsImage raw = VipsImage.fromPixels(pixels, width, height, 1);
             VipsImage grey = raw.copy(VipsOptions.none()
                     .with("interpretation", VipsEnums.value("VipsInterpretation", "b-w")))) {
            return save(grey, dir, "grey_%dx%d.jpg".formatted(width, height), "jpegsave",
                    VipsOptions.none().with("Q", QUALITY));
        }
    }

    /**
     * A flat grey JPEG with one busy, saturated patch (a red and yellow checkerboard) near the left
     * edge, vertically centred: a centre crop of a wide image misses it, an attention crop finds it.
     * The patch spans x from width/60 to width/60 + height/5, y from 2/5 to 3/5 of the height.
     */
    public static Path jpegWithFeatureAtLeft(Path dir, int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        fill(pixels, width, 3, 0, 0, width, height, Rgb.GREY, 255);
        int left = width / 60;
        int side = height / 5;
        int top = height * 2 / 5;
        int cell = Math.max(4, side / 10);
        for (int y = top; y < top + side; y += cell) {
            for (int x = left; x < left + side; x += cell) {
                boolean odd = ((x - left) / cell + (y - top) / cell) % 2 == 1;
                fill(pixels, width, 3, x, y, Math.min(cell, left + side - x), Math.min(cell, top + side - y),
                        odd ? new Rgb(255, 220, 0) : new Rgb(220, 0, 0), 255);
            }
        }
        try (VipsImage image = srgb(pixels, width, height, 3)) {
            return save(image, dir, "feature_left_%dx%d.jpg".formatted(width, height), "jpegsave",
                    VipsOptions.none().with("Q", QUALITY));
        }
    }

    /** A PNG of one flat colour: any mark drawn on it shows. */
    public static Path flat(Path dir, int width, int height, Rgb colour) {
        byte[] pixels = new byte[width * height * 3];
        fill(pixels, width, 3, 0, 0, width, height, colour, 255);
        try (VipsImage image = srgb(pixels, width, height, 3)) {
            return save(image, dir, "flat_%02x%02x%02x_%dx%d.png".formatted(colour.red(), colour.green(), colour.blue(),
                    width, height), "pngsave", VipsOptions.none());
        }
    }

    /** A quadrant JPEG whose EXIF holds a GPS position (55 N, 8 E) besides the camera fields. */
    public static Path jpegWithGps(Path dir, int width, int height) {
        try (VipsImage image = quadrants(width, height, false);
             VipsImage make = image.withStringField("exif-ifd0-Make", "Pixflow Test Camera");
             VipsImage ref = make.withStringField("exif-ifd3-GPSLatitudeRef", "N");
             VipsImage lat = ref.withStringField("exif-ifd3-GPSLatitude", "55/1 2/1 19521/1000");
             VipsImage lonRef = lat.withStringField("exif-ifd3-GPSLongitudeRef", "E");
             VipsImage lon = lonRef.withStringField("exif-ifd3-GPSLongitude", "8/1 27/1 25886/1000");
             VipsImage xmp = lon.withBlobField("xmp-data", GPS_XMP.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return save(xmp, dir, "gps_%dx%d.jpg".formatted(width, height), "jpegsave", VipsOptions.none().with("Q", QUALITY));
        }
    }

    /** An XMP packet as cameras and drones write one: credit and rating beside the position, in both forms. */
    public static final String GPS_XMP = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
             <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
               xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
               xmp:Rating="4" exif:GPSLatitude="55,2.3252N" drone-dji:GpsLongitude="+8.4571">
              <exif:GPSLongitude>8,27.4314E</exif:GPSLongitude>
              <exif:GPSAltitude>12/1</exif:GPSAltitude>
              <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Pixflow Test Studio</rdf:li></rdf:Alt></dc:rights>
             </rdf:Description>
            </rdf:RDF></x:xmpmeta>""";

    // ---- files that must be refused

    /** A quadrant JPEG cut to 60% of its bytes: the header reads, the pixels end early. */
    public static Path truncatedJpeg(Path dir, int width, int height) {
        Path whole = jpeg(dir, width, height);
        try {
            byte[] bytes = Files.readAllBytes(whole);
            Files.delete(whole);
            return Files.write(dir.resolve("truncated_%dx%d.jpg".formatted(width, height)),
                    Arrays.copyOf(bytes, bytes.length * 6 / 10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A "pixel bomb": a valid PNG header (correct CRCs) claiming {@code width x height} RGB pixels,
     * followed by a tiny compressed body. Made by hand, nothing is decoded to make it.
     */
    public static Path pngPixelBomb(Path dir, int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8)   // bits per sample
                .put((byte) 2)   // colour type: RGB
                .put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", deflate(new byte[1 + 3 * 64]));
        chunk(png, "IEND", new byte[0]);
        return write(dir.resolve("bomb_%dx%d.png".formatted(width, height)), png.toByteArray());
    }

    public static Path notAnImage(Path dir) {
        return write(dir.resolve("not-an-image.txt"),
                "This is plain text, not an image.\n".getBytes(StandardCharsets.UTF_8));
    }

    /** An SVG: libvips recognises it, Pixflow does not accept it. */
    public static Path svg(Path dir) {
        return write(dir.resolve("drawing.svg"), """
                <svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">
                  <rect width="40" height="30" fill="red"/>
                </svg>
                """.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text PPM: recognised by libvips, not accepted by Pixflow. */
    public static Path ppm(Path dir) {
        return write(dir.resolve("tiny.ppm"), "P3\n2 1\n255\n255 0 0  0 0 255\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A 1x1 24-bit Windows bitmap, written by hand: its file header, a BITMAPINFOHEADER, one padded row. */
    public static Path bmp(Path dir) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(58).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(58).putInt(0).putInt(54);
        b.putInt(40).putInt(1).putInt(1).putShort((short) 1).putShort((short) 24).putInt(0).putInt(4).putInt(2835).putInt(2835)
                .putInt(0).putInt(0);
        b.put((byte) 0).put((byte) 0).put((byte) 255).put((byte) 0);
        return write(dir.resolve("tiny.bmp"), b.array());
    }

    /** The start of a JPEG 2000 file: its signature box, then a file-type box. */
    public static Path jpeg2000(Path dir) {
        byte[] signature = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10,
                0, 0, 0, 20, 'f', 't', 'y', 'p', 'j', 'p', '2', ' ', 0, 0, 0, 0, 'j', 'p', '2', ' '};
        return write(dir.resolve("tiny.jp2"), signature);
    }

    // ---- reading outputs back

    /** What a file holds, read from its header. */
    public record Inspection(int width, int height, String loader, ImageFormat format, int bands,
                             String interpretation, String bandFormat, boolean hasExif, boolean hasIccProfile,
                             int orientation, int pages) {
    }

    public static Inspection inspect(Path file) {
        try (VipsImage image = VipsImage.open(file)) {
            String loader = image.stringField("vips-loader").orElse("");
            return new Inspection(image.width(), image.height(), loader, formatOf(loader, image), image.bands(),
                    VipsEnums.nick("VipsInterpretation", image.interpretation()),
                    VipsEnums.nick("VipsBandFormat", image.bandFormat()),
                    image.hasField("exif-data"), image.hasField("icc-profile-data"),
                    image.orientation(), image.pages());
        }
    }

    /** The names of the metadata fields a file's header holds (exif-ifd3-* are GPS tags). */
    public static java.util.List<String> fields(Path file) {
        try (VipsImage image = VipsImage.open(file)) {
            return image.fieldNames();
        }
    }

    /** A string metadata field of a file, if it has one. */
    public static java.util.Optional<String> field(Path file, String name) {
        try (VipsImage image = VipsImage.open(file)) {
            return image.stringField(name);
        }
    }

    /** Every pixel of the first frame (or all frames, {@code allPages}), for looking at regions. */
    public static Pixels pixels(Path file, boolean allPages) {
        try (VipsImage image = allPages ? VipsImage.load(VipsImage.findLoader(file).orElseThrow(), file, VipsOptions.none().with("n", -1)) : VipsImage.open(file)) {
            return new Pixels(image.width(), image.height(), image.bands(), image.toBytes());
        }
    }

    public static Pixels pixels(Path file) {
        return pixels(file, false);
    }

    /** The band values at (x, y), as stored (no orientation applied). */
    public static double[] pixelAt(Path file, int x, int y) {
        try (VipsImage image = VipsImage.open(file)) {
            return image.point(x, y);
        }
    }

    /** The colour at (x, y); a grey image gives equal channels. Alpha, if any, is ignored. */
    public static Rgb colourAt(Path file, int x, int y) {
        double[] bands = pixelAt(file, x, y);
        if (bands.length < 3) {
            int grey = (int) Math.round(bands[0]);
            return new Rgb(grey, grey, grey);
        }
        return new Rgb((int) Math.round(bands[0]), (int) Math.round(bands[1]), (int) Math.round(bands[2]));
    }

    /** The alpha at (x, y), 255 when the image has no alpha channel. */
    public static int alphaAt(Path file, int x, int y) {
        double[] bands = pixelAt(file, x, y);
        return bands.length == 2 || bands.length == 4 ? (int) Math.round(bands[bands.length - 1]) : 255;
    }

    // ---- drawing

    private static VipsImage quadrants(int width, int height, boolean transparentCorner) {
        int bands = transparentCorner ? 4 : 3;
        return srgb(quadrantPixels(width, height, bands), width, height, bands);
    }

    /** Quadrant pixels, interleaved; with four bands the bottom-right quadrant is transparent black. */
    private static byte[] quadrantPixels(int width, int height, int bands) {
        boolean transparentCorner = bands == 4;
        byte[] pixels = new byte[width * height * bands];
        int halfWidth = width / 2;
        int halfHeight = height / 2;
        fill(pixels, width, bands, 0, 0, halfWidth, halfHeight, Rgb.RED, 255);
        fill(pixels, width, bands, halfWidth, 0, width - halfWidth, halfHeight, Rgb.GREEN, 255);
        fill(pixels, width, bands, 0, halfHeight, halfWidth, height - halfHeight, Rgb.BLUE, 255);
        if (transparentCorner) {
            fill(pixels, width, bands, halfWidth, halfHeight, width - halfWidth, height - halfHeight,
                    new Rgb(0, 0, 0), 0);
        } else {
            fill(pixels, width, bands, halfWidth, halfHeight, width - halfWidth, height - halfHeight, Rgb.WHITE, 255);
        }
        return pixels;
    }

    private static void fill(byte[] pixels, int imageWidth, int bands, int left, int top, int width, int height,
                             Rgb colour, int alpha) {
        byte[] pixel = bands == 4
                ? new byte[]{(byte) colour.red(), (byte) colour.green(), (byte) colour.blue(), (byte) alpha}
                : new byte[]{(byte) colour.red(), (byte) colour.green(), (byte) colour.blue()};
        byte[] row = new byte[width * bands];
        for (int x = 0; x < width; x++) {
            System.arraycopy(pixel, 0, row, x * bands, bands);
        }
        for (int y = top; y < top + height; y++) {
            System.arraycopy(row, 0, pixels, (y * imageWidth + left) * bands, row.length);
        }
    }

    private static VipsImage srgb(byte[] pixels, int width, int height, int bands) {
        try (VipsImage raw = VipsImage.fromPixels(pixels, width, height, bands)) {
            return raw.copy(VipsOptions.none()
                    .with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")));
        }
    }

    private static Path save(VipsImage image, Path dir, String name, String saver, VipsOptions options) {
        Path file = dir.resolve(name);
        image.save(saver, file, options);
        return file;
    }

    private static Path saveAndClose(VipsImage image, Path dir, String name, String saver, VipsOptions options) {
        try (image) {
            return save(image, dir, name, saver, options);
        }
    }

    private static ImageFormat formatOf(String loader, VipsImage image) {
        return switch (loader) {
            case "jpegload" -> ImageFormat.JPEG;
            case "pngload" -> ImageFormat.PNG;
            case "webpload" -> ImageFormat.WEBP;
            case "gifload" -> ImageFormat.GIF;
            case "tiffload" -> ImageFormat.TIFF;
            case "heifload" -> switch (image.stringField("heif-compression").orElse("")) {
                case "av1" -> ImageFormat.AVIF;
                case "hevc" -> ImageFormat.HEIC;
                default -> null;
            };
            default -> null;
        };
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[1024];
            int length = deflater.deflate(buffer);
            return Arrays.copyOf(buffer, length);
        } finally {
            deflater.end();
        }
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
