package dev.pixflow.engine.vips;

import dev.pixflow.engine.vips.source.HeicDecoding;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.ffm.LibVips;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.testing.Pixels;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pixflow.engine.vips.DefaultVariants.LARGE;
import static dev.pixflow.engine.vips.DefaultVariants.MEDIUM;
import static dev.pixflow.engine.vips.DefaultVariants.THUMB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine on the libvips this JVM loaded (under {@code ./pixflow test} the pinned 8.18.7): it
 * says which library and version it loaded, and renders every kind of input Pixflow accepts on it,
 * HEIC (HEVC) included, whichever way it is decoded here.
 *
 * <p>Surefire gives each test class a JVM of its own, so the libvips of this one is loaded in
 * {@link #engine()}, after the log is being listened to.
 */
class CurrentLibraryTest {
    /** Lossy codecs move flat colours a little; a wrong quadrant is off by about 255. */
    private static final int TOLERANCE = 40;
    private static final Pattern PINNED = Pattern.compile("libvips-cpp\\.so\\.(\\d+\\.\\d+\\.\\d+)$");
    private static final Logger LIBVIPS_LOG = Logger.getLogger(LibVips.class.getName());
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler LISTENER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    static Path fixtures;
    @TempDir
    Path out;
    static VipsImageEngine engine;

    @BeforeAll
    static void engine() {
        LIBVIPS_LOG.addHandler(LISTENER);
        engine = new VipsImageEngine();
    }

    @AfterAll
    static void stopListening() {
        LIBVIPS_LOG.removeHandler(LISTENER);
    }

    @Test
    void reportsTheLibraryItLoadedAndLogsIt() throws IOException {
        EngineLibraries libraries = VipsImageEngine.libraries();

        assertThat(libraries.libvips()).isEqualTo(LibVips.version()).matches("8\\.\\d+\\.\\d+");
        // The file it names is one this process has mapped.
        assertThat(Files.readString(Path.of("/proc/self/maps"))).contains(libraries.libvipsFile());
        String named = System.getProperty(LibVips.PROPERTY, System.getenv(LibVips.ENVIRONMENT));
        if (named == null || named.isBlank()) {
            // Unnamed: the pinned build where ./pixflow left one in the cache, else the system's.
            assertThat(libraries.configuredBy()).isIn(LibVips.CACHE, "system");
            assertThat(Path.of(libraries.libvipsFile()).getFileName().toString())
                    .startsWith(libraries.configuredBy().equals("system") ? "libvips.so.42" : "libvips-cpp.so.");
        } else {
            assertThat(libraries.configuredBy()).isIn(LibVips.PROPERTY, LibVips.ENVIRONMENT);
            if (named.contains("/")) {
                assertThat(libraries.libvipsFile()).isEqualTo(Path.of(named.strip()).toRealPath().toString());
            }
        }
        Matcher pinned = PINNED.matcher(libraries.libvipsFile());
        if (pinned.find()) {
            // The pinned build: its file name carries the version it must report.
            assertThat(libraries.libvips()).isEqualTo(pinned.group(1));
            assertThat(libraries.current()).isTrue();
        }
        assertThat(LOGGED).anyMatch(line -> line.startsWith("libvips " + libraries.libvips() + " loaded from ")
                && line.contains(libraries.libvipsFile()));
    }

    @Test
    void decodesHeicOnThisLibrary() {
        HeicDecoding heic = HeicDecoding.current();

        assertThat(heic.route()).isNotEqualTo(HeicDecoding.Route.NONE);
        if (PINNED.matcher(LibVips.library().file()).find()) {
            // Its libheif has AV1 only: HEVC goes to the system's libheif.
            assertThat(heic.route()).isEqualTo(HeicDecoding.Route.LIBHEIF);
            assertThat(VipsImageEngine.libraries().heicDecoder()).startsWith("libheif 1.");
        }
    }

    /**
     * Each source, its format, its displayed size and EXIF orientation, and the colours of its
     * quadrants as displayed (top-left, top-right, bottom-left, bottom-right).
     */
    static Stream<Arguments> sources() {
        List<Rgb> upright = List.of(Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
        List<Rgb> turned = List.of(Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN);
        return Stream.of(
                Arguments.of("HEIC (HEVC)", (Function<Path, Path>) d -> TestImages.heic(d, 600, 400),
                        ImageFormat.HEIC, 600, 400, 1, upright),
                Arguments.of("HEIC turned by irot, with EXIF orientation 6",
                        (Function<Path, Path>) d -> TestImages.heicRotated(d, 600, 400),
                        ImageFormat.HEIC, 400, 600, 1, turned),
                Arguments.of("AVIF", (Function<Path, Path>) d -> TestImages.avif(d, 600, 400),
                        ImageFormat.AVIF, 600, 400, 1, upright),
                Arguments.of("CMYK JPEG without a profile", (Function<Path, Path>) d -> TestImages.cmykJpeg(d, 600, 400),
                        ImageFormat.JPEG, 600, 400, 1, TestImages.CMYK_QUADRANTS),
                Arguments.of("16-bit PNG", (Function<Path, Path>) d -> TestImages.png16(d, 600, 400),
                        ImageFormat.PNG, 600, 400, 1, upright),
                Arguments.of("JPEG with EXIF orientation 6",
                        (Function<Path, Path>) d -> TestImages.jpegOrientation6(d, 600, 400),
                        ImageFormat.JPEG, 400, 600, 6, turned));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void rendersTheDefaultVariants(String name, Function<Path, Path> make, ImageFormat format, int width, int height,
                                   int orientation, List<Rgb> quadrants) {
        Path source = make.apply(fixtures);

        ImageProbe probe = engine.probe(source);
        assertThat(probe).usingRecursiveComparison().ignoringFields("exif")
                .isEqualTo(new ImageProbe(format, width, height, false, 1, orientation));
        engine.verify(source);
        List<RenderedFile> rendered = engine.render(source, DefaultVariants.ALL, false, out);

        assertThat(rendered).extracting(RenderedFile::spec).containsExactly(THUMB, MEDIUM, LARGE);
        for (RenderedFile file : rendered) {
            Inspection written = TestImages.inspect(file.file());
            assertThat(written.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(List.of(written.width(), written.height())).containsExactly(file.width(), file.height());
            assertThat(written.interpretation()).isEqualTo("srgb");
            assertThat(written.bandFormat()).isEqualTo("uchar");
            assertThat(written.orientation()).as("nothing left to turn").isEqualTo(1);
        }
        assertThat(List.of(rendered.get(0).width(), rendered.get(0).height())).containsExactly(256, 256);
        // Never enlarged: the medium and the large are the source's displayed size.
        for (RenderedFile file : rendered.subList(1, 3)) {
            assertThat(List.of(file.width(), file.height())).containsExactly(width, height);
            assertQuadrants(file.file(), quadrants);
        }
    }

    /** An Ultra HDR JPEG upright, and one a phone held upright wrote: stored sideways, EXIF orientation 6. */
    static Stream<Arguments> ultraHdr() {
        return Stream.of(
                Arguments.of("upright", (Function<Path, Path>) d -> TestImages.ultraHdrJpeg(d, 600, 400),
                        600, 400, 1, List.of(Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE)),
                Arguments.of("EXIF orientation 6", (Function<Path, Path>) d -> TestImages.ultraHdrJpegOrientation6(d, 600, 400),
                        400, 600, 6, List.of(Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ultraHdr")
    void acceptsAnUltraHdrJpegAsTheJpegItIsAndRendersItsSdrPicture(String name, Function<Path, Path> make,
                                                                   int width, int height, int orientation,
                                                                   List<Rgb> quadrants) {
        Path source;
        try {
            source = make.apply(fixtures);
        } catch (RuntimeException e) {
            // The pinned build has libultrahdr; another libvips may not.
            if (PINNED.matcher(LibVips.library().file()).find()) {
                throw e;
            }
            assumeTrue(false, "this libvips cannot write Ultra HDR: " + e.getMessage());
            return;
        }
        assertThat(VipsImage.findLoader(source)).as("what libvips itself would open it with").contains("uhdrload");

        ImageProbe probe = engine.probe(source);
        engine.verify(source);
        List<RenderedFile> rendered = engine.render(source, DefaultVariants.ALL, false, out);

        assertThat(probe).usingRecursiveComparison().ignoringFields("exif")
                .isEqualTo(new ImageProbe(ImageFormat.JPEG, width, height, false, 1, orientation));
        assertThat(rendered).extracting(RenderedFile::spec).containsExactly(THUMB, MEDIUM, LARGE);
        RenderedFile large = rendered.getLast();
        assertThat(List.of(large.width(), large.height())).containsExactly(width, height);
        // The SDR picture is the encoder's tone mapping of the quadrants, in a profile of its own: as
        // dark as its white quadrant shows (the same grey in any RGB space), red, green and blue in sRGB.
        int grey = whiteQuadrantOfTheJpegPicture(source);
        assertThat(grey).as("the SDR picture's white").isBetween(150, 230);
        assertQuadrants(large.file(), quadrants.stream()
                .map(c -> new Rgb(c.red() * grey / 255, c.green() * grey / 255, c.blue() * grey / 255)).toList());
    }

    /** The bottom-right (white) quadrant of the first picture of a JPEG file, as any JPEG decoder reads it. */
    private static int whiteQuadrantOfTheJpegPicture(Path file) {
        try (VipsImage picture = VipsImage.load("jpegload", file, VipsOptions.none())) {
            double[] bands = picture.point(picture.width() * 3 / 4, picture.height() * 3 / 4);
            assertThat(bands[0]).as("grey").isCloseTo(bands[1], within(3.0));
            return (int) Math.round(bands[0]);
        }
    }

    @Test
    void readsTheExifOfAnIphoneStyleHeicButTurnsItByItsIrotBoxOnly() {
        Path heic = TestImages.heicRotated(fixtures, 600, 400);

        ImageProbe probe = engine.probe(heic);
        RenderedFile large = engine.render(heic, List.of(LARGE), false, out).getFirst();

        assertThat(probe.exif().cameraMake()).isEqualTo("Apple");
        assertThat(List.of(probe.width(), probe.height(), probe.orientation())).containsExactly(400, 600, 1);
        // Turned once (by irot): EXIF orientation 6 applied as well would put blue top-right.
        assertThat(List.of(large.width(), large.height())).containsExactly(400, 600);
        assertQuadrants(large.file(), List.of(Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN));

        // Kept metadata keeps the camera, but no orientation that would turn the upright pixels again.
        RenderedFile kept = engine.render(heic, List.of(Variant.of("kept", "w:300,meta:keep")), false, out).getFirst();
        assertThat(TestImages.field(kept.file(), "exif-ifd0-Make")).hasValueSatisfying(make -> assertThat(make)
                .startsWith("Apple"));
        assertThat(TestImages.inspect(kept.file()).orientation()).isEqualTo(1);
        assertQuadrants(kept.file(), List.of(Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("animations")
    void animationsWithTransparencyStayAnimatedInTheDefaultVariants(String saver) {
        Path animation = TestImages.animation(fixtures, 120, 80, 3, saver, true);
        ImageProbe probe = engine.probe(animation);
        assertThat(probe.pages()).isEqualTo(3);
        assertThat(probe.hasAlpha()).isTrue();

        List<RenderedFile> rendered = engine.render(animation, DefaultVariants.ALL, probe.hasAlpha(), out);

        assertThat(Output.defaultFormat(true)).isEqualTo(ImageFormat.WEBP);
        for (RenderedFile file : rendered) {
            Inspection written = TestImages.inspect(file.file());
            assertThat(written.format()).isEqualTo(ImageFormat.WEBP);
            assertThat(written.pages()).as("frames of " + file.spec().name()).isEqualTo(3);
        }
        // The medium (120 x 80, not enlarged): each frame its colour, its bottom-right corner clear.
        Pixels frames = TestImages.pixels(rendered.get(1).file(), true);
        assertThat(List.of(frames.width(), frames.height())).containsExactly(120, 240);
        List<Rgb> colours = List.of(Rgb.RED, Rgb.GREEN, Rgb.BLUE);
        for (int frame = 0; frame < 3; frame++) {
            assertThat(frames.at(30, frame * 80 + 20).isNear(colours.get(frame), TOLERANCE))
                    .as("frame " + frame + ": " + frames.at(30, frame * 80 + 20)).isTrue();
            assertThat(frames.alpha(90, frame * 80 + 60)).as("frame " + frame + " transparent corner").isZero();
        }
    }

    @Test
    void anOpaqueAnimationBecomesItsFirstFrameInJpeg() {
        // (libvips writes every GIF with a transparent colour, so an opaque animation is a WebP here.)
        Path animation = TestImages.animation(fixtures, 120, 80, 3, "webpsave", false);
        ImageProbe probe = engine.probe(animation);
        assertThat(probe.pages()).isEqualTo(3);
        assertThat(probe.hasAlpha()).isFalse();

        List<RenderedFile> rendered = engine.render(animation, DefaultVariants.ALL, probe.hasAlpha(), out);

        for (RenderedFile file : rendered) {
            Inspection written = TestImages.inspect(file.file());
            assertThat(written.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(written.pages()).isEqualTo(1);
        }
        assertThat(TestImages.colourAt(rendered.get(1).file(), 60, 40).isNear(Rgb.RED, TOLERANCE)).isTrue();
    }

    static Stream<String> animations() {
        return Stream.of("gifsave", "webpsave");
    }

    private static void assertQuadrants(Path file, List<Rgb> expected) {
        Inspection image = TestImages.inspect(file);
        int left = image.width() / 4;
        int right = image.width() * 3 / 4;
        int top = image.height() / 4;
        int bottom = image.height() * 3 / 4;
        assertThat(List.of(
                TestImages.colourAt(file, left, top), TestImages.colourAt(file, right, top),
                TestImages.colourAt(file, left, bottom), TestImages.colourAt(file, right, bottom)))
                .as("quadrant colours of " + file.getFileName())
                .zipSatisfy(expected, (actual, colour) -> assertThat(actual.isNear(colour, TOLERANCE))
                        .as(actual + " near " + colour).isTrue());
    }
}
