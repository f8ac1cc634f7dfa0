package dev.pixflow.engine.vips;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.testing.Pixels;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operation of a recipe, checked the way the eye would: sizes, colours at known points, marks where they belong. */
class RecipeRenderTest {
    private static final int TOLERANCE = 40;
    private static final Rgb GREY = Rgb.GREY;

    @TempDir
    static Path fixtures;
    @TempDir
    Path out;
    static VipsImageEngine engine;
    static Path photo;
    static Path grey;

    @BeforeAll
    static void setUp() {
        engine = new VipsImageEngine();
        photo = TestImages.jpeg(fixtures, 1200, 800);
        grey = TestImages.flat(fixtures, 800, 600, GREY);
    }

    private RenderedFile render(Path source, String recipe) {
        return render(source, recipe, false);
    }

    private RenderedFile render(Path source, String recipe, boolean alpha) {
        return engine.render(source, List.of(Variant.of("v", recipe)), alpha, out).getFirst();
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- resize

    @Test
    void fillStretchesToTheBoxAndOutsideCoversItWithoutCropping() {
        RenderedFile fill = render(photo, "w:300,h:300,fit:fill");
        RenderedFile outside = render(photo, "w:300,h:300,fit:outside");

        assertThat(List.of(fill.width(), fill.height())).containsExactly(300, 300);
        assertQuadrants(fill.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
        assertThat(List.of(outside.width(), outside.height())).containsExactly(450, 300);
    }

    @Test
    void enlargesOnlyWhenAsked() {
        assertThat(render(photo, "w:2400").width()).isEqualTo(1200);
        RenderedFile big = render(photo, "w:2400,enlarge:1");
        assertThat(List.of(big.width(), big.height())).containsExactly(2400, 1600);
        assertThat(TestImages.inspect(big.file()).width()).isEqualTo(2400);
    }

    // ---- crop

    @Test
    void cropsARectangleAndBoxesByGravity() {
        RenderedFile topLeft = render(photo, "crop:400x300+100+50");
        RenderedFile south = render(photo, "crop:600x200,cg:se");
        RenderedFile square = render(photo, "crop:1:1,cg:w,w:100");

        assertThat(List.of(topLeft.width(), topLeft.height())).containsExactly(400, 300);
        assertThat(TestImages.pixels(topLeft.file()).count(0, 0, 400, 300, c -> c.isNear(Rgb.RED, TOLERANCE)))
                .isGreaterThan(400 * 300 * 95 / 100);
        assertThat(List.of(south.width(), south.height())).containsExactly(600, 200);
        assertThat(TestImages.colourAt(south.file(), 300, 100).isNear(Rgb.WHITE, TOLERANCE)).isTrue();
        // The left-hand square of a 3:2 image is red over blue, shrunk to 100 px.
        assertThat(List.of(square.width(), square.height())).containsExactly(100, 100);
        assertThat(TestImages.colourAt(square.file(), 50, 20).isNear(Rgb.RED, TOLERANCE)).isTrue();
        assertThat(TestImages.colourAt(square.file(), 50, 80).isNear(Rgb.BLUE, TOLERANCE)).isTrue();
    }

    @Test
    void aCropBeforeAResizeIsTheSameRegionWhenDecodedSmall() {
        // Decoded at 1/4 (shrink-on-load), the rectangle is scaled with it: still the green quadrant only.
        RenderedFile green = render(TestImages.jpeg(fixtures, 4000, 2000), "crop:2000x1000+2000+0,w:200");

        assertThat(List.of(green.width(), green.height())).containsExactly(200, 100);
        assertThat(TestImages.pixels(green.file()).count(0, 0, 200, 100, c -> c.isNear(Rgb.GREEN, TOLERANCE)))
                .isGreaterThan(200 * 100 * 95 / 100);
    }

    @Test
    void entropyAndSmartGravityFindTheBusyPatch() {
        Path feature = TestImages.jpegWithFeatureAtLeft(fixtures, 3000, 2000);

        for (String g : List.of("smart", "entropy")) {
            RenderedFile cropped = render(feature, "w:256,h:256,fit:cover,g:" + g);
            Rgb atPatch = TestImages.colourAt(cropped.file(), 32, 128);
            assertThat(atPatch.isNear(GREY, TOLERANCE)).as(g + " at the patch: " + atPatch).isFalse();
        }
    }

    // ---- rotate, flip

    @Test
    void quarterTurnsAndFlipsMoveTheQuadrants() {
        assertQuadrants(render(photo, "rot:90").file(), Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN);
        assertQuadrants(render(photo, "rot:180").file(), Rgb.WHITE, Rgb.BLUE, Rgb.GREEN, Rgb.RED);
        assertQuadrants(render(photo, "rot:-90").file(), Rgb.GREEN, Rgb.WHITE, Rgb.RED, Rgb.BLUE);
        assertQuadrants(render(photo, "flip:h").file(), Rgb.GREEN, Rgb.RED, Rgb.WHITE, Rgb.BLUE);
        assertQuadrants(render(photo, "flip:v").file(), Rgb.BLUE, Rgb.WHITE, Rgb.RED, Rgb.GREEN);
        RenderedFile turned = render(photo, "rot:90,w:200");
        assertThat(List.of(turned.width(), turned.height())).containsExactly(200, 300);
    }

    @Test
    void anArbitraryAngleGrowsTheCanvasAndFillsTheCorners() {
        RenderedFile coloured = render(grey, "rot:30,rbg:ff00ff,f:png");
        RenderedFile transparent = render(grey, "rot:30,f:png");
        RenderedFile flattened = render(grey, "rot:30,f:jpeg,bg:000000");

        // 800x600 turned by 30 degrees: 800 cos 30 + 600 sin 30 = 993, 800 sin 30 + 600 cos 30 = 920.
        assertThat(List.of(coloured.width(), coloured.height())).containsExactly(993, 920);
        assertThat(TestImages.colourAt(coloured.file(), 3, 3)).isEqualTo(new Rgb(255, 0, 255));
        assertThat(TestImages.colourAt(coloured.file(), 496, 460).isNear(GREY, 2)).isTrue();
        assertThat(TestImages.alphaAt(transparent.file(), 3, 3)).isZero();
        assertThat(TestImages.alphaAt(transparent.file(), 496, 460)).isEqualTo(255);
        assertThat(TestImages.colourAt(flattened.file(), 3, 3).isNear(new Rgb(0, 0, 0), 8)).isTrue();
    }

    // ---- text

    @Test
    void textIsDrawnWhereItsGravityPutsItAndNowhereElse() {
        RenderedFile marked = render(grey, "text:" + b64("Hello") + ",size:40,color:ff0000,tg:se,tx:20,ty:20,f:png");

        Pixels p = TestImages.pixels(marked.file());
        int[] ink = p.bounds(c -> c.isNear(Rgb.RED, 60));
        assertThat(ink).as("red text pixels").isNotNull();
        // Inside the bottom-right corner, 20 px in from both edges, about 40 px tall.
        assertThat(ink[0] + ink[2]).isBetween(800 - 20 - 3, 800 - 20);
        assertThat(ink[1] + ink[3]).isBetween(600 - 20 - 15, 600 - 20);
        assertThat(ink[3]).isBetween(20, 45);
        assertThat(ink[0]).isGreaterThan(600);
        // The rest of the picture is untouched.
        assertThat(p.count(0, 0, 800, 450, c -> !c.equals(GREY))).isZero();
        assertThat(p.count(0, 0, 500, 600, c -> !c.equals(GREY))).isZero();
    }

    @Test
    void severalLinesUtf8AndMarkupCharactersAreDrawnAsText() {
        RenderedFile one = render(grey, "text:" + b64("Ünïcödé <b>&") + ",size:30,color:000000,tg:nw,f:png");
        RenderedFile two = render(grey, "text:" + b64("Ünïcödé <b>&\nzweite Zeile") + ",size:30,color:000000,tg:nw,f:png");

        int[] oneLine = TestImages.pixels(one.file()).bounds(c -> c.red() < 60);
        int[] twoLines = TestImages.pixels(two.file()).bounds(c -> c.red() < 60);
        assertThat(oneLine).isNotNull();
        assertThat(twoLines[3]).as("two lines are about twice as tall").isGreaterThan(oneLine[3] * 3 / 2);
        assertThat(oneLine[0]).isLessThan(10);
        assertThat(oneLine[1]).isLessThan(15);
    }

    @Test
    void aWidthPercentageSizesTheTextToAShareOfTheImage() {
        RenderedFile half = render(grey, "text:" + b64("Pixflow") + ",tw:50,color:ffffff,tg:centre,f:png");

        int[] ink = TestImages.pixels(half.file()).bounds(c -> c.isNear(Rgb.WHITE, 30));
        assertThat(ink[2]).as("text width").isBetween(800 * 40 / 100, 800 * 52 / 100);
        // Centred.
        assertThat(Math.abs(ink[0] + ink[2] / 2 - 400)).isLessThan(25);
    }

    @Test
    void aBoxGoesBehindTheTextAndAShadowBesideIt() {
        RenderedFile boxed = render(grey, "text:" + b64("Box") + ",size:40,color:ffffff,box:000000,tg:nw,tx:50,ty:50,f:png");
        RenderedFile shadowed = render(grey, "text:" + b64("Shadow") + ",size:40,color:ffffff,shadow:000000,tg:nw,f:png");

        Pixels box = TestImages.pixels(boxed.file());
        int[] black = box.bounds(c -> c.isNear(new Rgb(0, 0, 0), 10));
        int[] white = box.bounds(c -> c.isNear(Rgb.WHITE, 10));
        assertThat(black[0]).isLessThan(white[0]);
        assertThat(black[1]).isLessThan(white[1]);
        assertThat(black[0] + black[2]).isGreaterThan(white[0] + white[2]);
        assertThat(TestImages.pixels(shadowed.file()).count(0, 0, 400, 100, c -> c.isNear(new Rgb(0, 0, 0), 10)))
                .as("shadow pixels").isPositive();
    }

    @Test
    void translucentTextBlendsWithTheImage() {
        RenderedFile faint = render(grey, "text:" + b64("MMMM") + ",size:80,color:ffffff80,tg:centre,f:png");

        int[] ink = TestImages.pixels(faint.file()).bounds(c -> !c.equals(GREY));
        Rgb darkest = TestImages.pixels(faint.file()).at(ink[0] + ink[2] / 2, ink[1] + ink[3] / 2);
        assertThat(TestImages.pixels(faint.file()).count(0, 0, 800, 600, c -> c.isNear(Rgb.WHITE, 20))).isZero();
        assertThat(TestImages.pixels(faint.file()).count(0, 0, 800, 600, c -> c.isNear(new Rgb(192, 192, 192), 12)))
                .as("half-way between grey and white").isPositive();
        assertThat(darkest).isNotNull();
    }

    // ---- watermark

    @Test
    void aWatermarkIsScaledPlacedAndHalfTransparent() {
        Path mark = TestImages.flat(fixtures, 400, 200, Rgb.RED);
        Variant v = Variant.of("wm", "wm:logo,wg:se,margin:10,opacity:50,scale:25,f:png");

        RenderedFile marked = engine.render(new RenderRequest(grey, List.of(v), false, Map.of("logo", mark),
                RenditionLimits.DEFAULTS, out)).getFirst();

        Pixels p = TestImages.pixels(marked.file());
        // Half red over grey: (255 + 128) / 2, 128 / 2, 128 / 2.
        Rgb blended = new Rgb(191, 64, 64);
        int[] area = p.bounds(c -> c.isNear(blended, 6));
        assertThat(area).as("watermark pixels at half opacity").isNotNull();
        assertThat(area[2]).as("a quarter of 800 wide").isEqualTo(200);
        assertThat(area[3]).isEqualTo(100);
        assertThat(List.of(area[0] + area[2], area[1] + area[3])).containsExactly(790, 590);
        assertThat(p.count(0, 0, 800, 480, c -> !c.equals(GREY))).isZero();
    }

    @Test
    void aTiledWatermarkCoversTheWholeImage() {
        Path mark = TestImages.flat(fixtures, 100, 100, Rgb.BLUE);
        Variant v = Variant.of("tiled", "wm:logo,tile:1,margin:50,opacity:100,scale:10,f:png");

        RenderedFile marked = engine.render(new RenderRequest(grey, List.of(v), false, Map.of("logo", mark),
                RenditionLimits.DEFAULTS, out)).getFirst();

        Pixels p = TestImages.pixels(marked.file());
        // 80 px tiles every 130 px: marks near every corner, grey in the gaps.
        assertThat(p.at(10, 10).isNear(Rgb.BLUE, 5)).isTrue();
        assertThat(p.at(660, 530).isNear(Rgb.BLUE, 5)).isTrue();
        assertThat(p.at(100, 100)).isEqualTo(GREY);
        assertThat(p.count(0, 0, 800, 600, c -> c.isNear(Rgb.BLUE, 5))).isBetween(800 * 600 * 30 / 100, 800 * 600 * 45 / 100);
    }

    // ---- filters

    @Test
    void grayscaleBlurAndSharpen() {
        RenderedFile greyed = render(photo, "gray:1");
        Rgb red = TestImages.colourAt(greyed.file(), 300, 200);
        assertThat(Math.max(Math.abs(red.red() - red.green()), Math.abs(red.green() - red.blue()))).isLessThan(4);
        assertThat(TestImages.inspect(greyed.file()).bands()).isEqualTo(3);

        // Across the red/green border, a blur leaves a blend where the sharp image had a step.
        RenderedFile blurred = render(photo, "blur:20,f:png");
        Rgb border = TestImages.colourAt(blurred.file(), 600, 200);
        assertThat(border.red()).isBetween(60, 200);
        assertThat(border.green()).isBetween(60, 200);

        RenderedFile sharpened = render(photo, "sharpen:1,f:png");
        assertThat(TestImages.inspect(sharpened.file()).interpretation()).isEqualTo("srgb");
        assertQuadrants(sharpened.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    // ---- output

    @Test
    void eachOutputFormatIsWhatItSays() {
        assertThat(TestImages.inspect(render(photo, "w:300,f:png").file()).format()).isEqualTo(ImageFormat.PNG);
        assertThat(TestImages.inspect(render(photo, "w:300,f:webp,lossless:1").file()).format()).isEqualTo(ImageFormat.WEBP);
        assertThat(TestImages.inspect(render(photo, "w:300,f:gif").file()).format()).isEqualTo(ImageFormat.GIF);
        RenderedFile avif = render(photo, "w:300,f:avif,q:50");
        assertThat(avif.format()).isEqualTo(ImageFormat.AVIF);
        assertThat(TestImages.inspect(avif.file()).format()).isEqualTo(ImageFormat.AVIF);
        assertQuadrants(avif.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
        Path palette = render(photo, "w:300,f:png,pal:1").file();
        assertThat(TestImages.inspect(palette).format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void jpegProgressiveAndChromaSettingsReachTheFile() {
        Path progressive = render(photo, "w:300,f:jpeg,prog:1,sub:444").file();
        Path baseline = render(photo, "w:300,f:jpeg,sub:420").file();

        assertThat(TestImages.fields(progressive)).contains("interlaced");
        assertThat(TestImages.field(progressive, "jpeg-chroma-subsample")).contains("4:4:4");
        assertThat(TestImages.fields(baseline)).doesNotContain("interlaced");
        assertThat(TestImages.field(baseline, "jpeg-chroma-subsample")).contains("4:2:0");
    }

    @Test
    void alphaIsFlattenedOntoTheRecipesBackgroundForJpeg() {
        Path alpha = TestImages.pngWithAlpha(fixtures, 600, 400);

        RenderedFile black = render(alpha, "w:300,f:jpeg,bg:000000", true);
        RenderedFile kept = render(alpha, "w:300,f:png", true);

        assertThat(TestImages.colourAt(black.file(), 225, 150).isNear(new Rgb(0, 0, 0), TOLERANCE)).isTrue();
        assertThat(TestImages.colourAt(black.file(), 75, 50).isNear(Rgb.RED, TOLERANCE)).isTrue();
        assertThat(TestImages.alphaAt(kept.file(), 225, 150)).isZero();
    }

    @Test
    void metadataIsStrippedByDefaultKeptOnRequestAndTheGpsPositionNever() {
        Path gps = TestImages.jpegWithGps(fixtures, 600, 400);
        assertThat(TestImages.fields(gps)).anyMatch(f -> f.startsWith("exif-ifd3-GPSLatitude"));
        assertThat(xmp(gps)).contains("GPSLongitude");

        Path stripped = render(gps, "w:300").file();
        Path kept = render(gps, "w:300,meta:keep").file();
        Path all = render(gps, "w:300,meta:all").file();

        assertThat(TestImages.inspect(stripped).hasExif()).isFalse();
        assertThat(TestImages.inspect(kept).hasExif()).isTrue();
        assertThat(TestImages.field(kept, "exif-ifd0-Make")).hasValueSatisfying(v -> assertThat(v).contains("Pixflow Test Camera"));
        assertThat(TestImages.fields(kept)).noneMatch(f -> f.startsWith("exif-ifd3-"));
        assertThat(TestImages.field(all, "exif-ifd0-Make")).hasValueSatisfying(v -> assertThat(v).contains("Pixflow Test Camera"));
        assertThat(TestImages.fields(all)).noneMatch(f -> f.startsWith("exif-ifd3-"));
        for (Path out : List.of(kept, all, render(gps, "w:300,f:webp,meta:keep").file(), render(gps, "w:300,f:png,meta:all").file())) {
            // The XMP goes without the position, in any of its forms, and keeps the rest.
            assertThat(xmp(out)).as(out.getFileName().toString()).contains("Pixflow Test Studio").contains("xmp:Rating=\"4\"")
                    .doesNotContainIgnoringCase("gps");
        }
        assertThat(TestImages.inspect(render(gps, "w:300,f:webp,meta:keep").file()).hasExif()).isTrue();
        assertThat(TestImages.inspect(render(gps, "w:300,f:webp").file()).hasExif()).isFalse();
    }

    private static String xmp(Path file) {
        try (VipsImage image = VipsImage.open(file)) {
            return image.blobField("xmp-data").map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse("");
        }
    }

    // ---- animation

    @Test
    void anAnimationKeepsEveryFrameThroughResizeCropAndText() {
        Path animation = TestImages.animatedGif(fixtures, 120, 80, 3);

        RenderedFile gif = render(animation, "w:60,crop:40x40,text:" + b64("X") + ",size:20,color:000000,tg:centre,f:gif");
        RenderedFile webp = render(animation, "w:60,f:webp");

        assertThat(gif.frames()).isEqualTo(3);
        assertThat(gif.firstFrameOnly()).isFalse();
        Inspection written = TestImages.inspect(gif.file());
        assertThat(written.pages()).isEqualTo(3);
        assertThat(List.of(written.width(), written.height())).containsExactly(40, 40);
        Pixels frames = TestImages.pixels(gif.file(), true);
        assertThat(frames.height()).isEqualTo(120);
        Rgb[] colours = {Rgb.RED, Rgb.GREEN, Rgb.BLUE};
        for (int f = 0; f < 3; f++) {
            assertThat(frames.at(3, f * 40 + 3).isNear(colours[f], TOLERANCE)).as("frame " + f + " colour").isTrue();
            assertThat(frames.count(10, f * 40 + 10, 20, 20, c -> c.isNear(new Rgb(0, 0, 0), 60)))
                    .as("text on frame " + f).isPositive();
        }
        assertThat(TestImages.inspect(webp.file()).pages()).isEqualTo(3);
        assertThat(List.of(webp.width(), webp.height())).containsExactly(60, 40);
    }

    @Test
    void anAnimationOverTheFrameLimitKeepsItsFirstFrameAndSaysSo() {
        Path animation = TestImages.animatedGif(fixtures, 60, 40, 4);
        RenditionLimits twoFrames = new RenditionLimits(100_000_000, 2, 16_384);

        RenderedFile cut = engine.render(new RenderRequest(animation, List.of(Variant.of("v", "w:30,f:gif")), false,
                Map.of(), twoFrames, out)).getFirst();
        RenderedFile jpeg = render(animation, "w:30");

        assertThat(cut.frames()).isEqualTo(1);
        assertThat(cut.firstFrameOnly()).isTrue();
        assertThat(TestImages.inspect(cut.file()).pages()).isEqualTo(1);
        assertThat(TestImages.colourAt(cut.file(), 15, 10).isNear(Rgb.RED, TOLERANCE)).isTrue();
        assertThat(jpeg.firstFrameOnly()).as("a JPEG cannot animate").isTrue();
    }

    // ---- limits

    @Test
    void anOutputOverTheSideLimitIsRefusedBeforeDecodingAndWritesNothing() throws IOException {
        RenditionLimits small = new RenditionLimits(100_000_000, 300, 1000);

        assertThatThrownBy(() -> engine.render(new RenderRequest(photo, List.of(Variant.of("big", "w:2000,enlarge:1")),
                false, Map.of(), small, out)))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectedImageException.Reason.TOO_MANY_PIXELS));
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anAnimationWhoseFramesTogetherAreOverThePixelLimitKeepsItsFirstFrame() {
        Path animation = TestImages.animatedGif(fixtures, 60, 40, 4);
        RenditionLimits tenThousand = new RenditionLimits(10_000, 300, 16_384);

        // 4 frames of 120x80 are 38,400 pixels: the first frame only; 4 of 50x33 are 6,600: all of them.
        RenderedFile big = engine.render(new RenderRequest(animation,
                List.of(Variant.of("big", "w:120,enlarge:1,f:gif")), false, Map.of(), tenThousand, out)).getFirst();
        RenderedFile small = engine.render(new RenderRequest(animation,
                List.of(Variant.of("small", "w:50,f:gif")), false, Map.of(), tenThousand, out)).getFirst();

        assertThat(List.of(big.width(), big.height(), big.frames())).containsExactly(120, 80, 1);
        assertThat(big.firstFrameOnly()).isTrue();
        assertThat(TestImages.inspect(big.file()).pages()).isEqualTo(1);
        assertThat(small.frames()).isEqualTo(4);
        assertThat(small.firstFrameOnly()).isFalse();
    }

    @Test
    void oneDecodeServesVariantsWithDifferentRecipes() {
        List<RenderedFile> rendered = engine.render(photo, List.of(
                Variant.of("a", "w:100,f:png"), Variant.of("b", "rot:90,w:50,f:webp"),
                new Variant("c", Recipe.parse("crop:600x400+600+0,gray:1"))), false, out);

        assertThat(rendered).extracting(RenderedFile::width, RenderedFile::height).containsExactly(
                org.assertj.core.groups.Tuple.tuple(100, 67), org.assertj.core.groups.Tuple.tuple(50, 75),
                org.assertj.core.groups.Tuple.tuple(600, 400));
        assertThat(rendered).extracting(RenderedFile::format).containsExactly(ImageFormat.PNG, ImageFormat.WEBP, ImageFormat.JPEG);
    }

    private static void assertQuadrants(Path file, Rgb topLeft, Rgb topRight, Rgb bottomLeft, Rgb bottomRight) {
        Inspection image = TestImages.inspect(file);
        int left = image.width() / 4;
        int right = image.width() * 3 / 4;
        int top = image.height() / 4;
        int bottom = image.height() * 3 / 4;
        assertThat(List.of(
                TestImages.colourAt(file, left, top), TestImages.colourAt(file, right, top),
                TestImages.colourAt(file, left, bottom), TestImages.colourAt(file, right, bottom)))
                .as("quadrant colours of " + file.getFileName())
                .zipSatisfy(List.of(topLeft, topRight, bottomLeft, bottomRight),
                        (actual, expected) -> assertThat(actual.isNear(expected, TOLERANCE))
                                .as(actual + " near " + expected).isTrue());
    }
}
