package dev.pixflow.engine.vips;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.pixflow.engine.vips.DefaultVariants.LARGE;
import static dev.pixflow.engine.vips.DefaultVariants.MEDIUM;
import static dev.pixflow.engine.vips.DefaultVariants.THUMB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderTest {
    /** JPEG moves flat colours a little at most; a wrong quadrant is off by about 255. */
    private static final int TOLERANCE = 40;

    @TempDir
    static Path fixtures;
    @TempDir
    Path out;
    static VipsImageEngine engine;
    static Path photo;

    @BeforeAll
    static void setUp() {
        engine = new VipsImageEngine();
        photo = TestImages.jpeg(fixtures, 3000, 2000);
    }

    @Test
    void rendersTheDefaultVariantsFromOneJpeg() throws IOException {
        assertThat(TestImages.inspect(photo).hasExif()).as("the original carries EXIF").isTrue();

        List<RenderedFile> rendered = engine.render(photo, DefaultVariants.ALL, false, out);

        assertThat(rendered).extracting(RenderedFile::spec).containsExactly(THUMB, MEDIUM, LARGE);
        assertThat(rendered).extracting(RenderedFile::width, RenderedFile::height)
                .containsExactly(tuple(256, 256), tuple(1024, 683), tuple(2048, 1365));
        for (RenderedFile file : rendered) {
            Inspection written = TestImages.inspect(file.file());
            assertThat(file.file().getParent()).isEqualTo(out);
            assertThat(file.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(written.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(written.width()).isEqualTo(file.width());
            assertThat(written.height()).isEqualTo(file.height());
            assertThat(written.bands()).isEqualTo(3);
            assertThat(written.interpretation()).isEqualTo("srgb");
            assertThat(written.hasExif()).as("EXIF of " + file.spec().name()).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())))
                    .as("readable by the server's user only").isEqualTo("rw-------");
        }
        assertThat(rendered).extracting(RenderedFile::file).doesNotHaveDuplicates();
    }

    @Test
    void keepsEveryQuadrantWhereItWas() {
        RenderedFile medium = engine.render(photo, List.of(MEDIUM), false, out).getFirst();

        assertQuadrants(medium.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    @Test
    void neverEnlarges() {
        Path small = TestImages.jpeg(fixtures, 600, 400);

        List<RenderedFile> rendered = engine.render(small, DefaultVariants.ALL, false, out);

        assertThat(rendered).extracting(RenderedFile::width, RenderedFile::height)
                .containsExactly(tuple(256, 256), tuple(600, 400), tuple(600, 400));
        assertThat(rendered).allSatisfy(file -> assertThat(TestImages.inspect(file.file()))
                .extracting(Inspection::width, Inspection::height).isEqualTo(List.of(file.width(), file.height())));
    }

    @Test
    void aSourceSmallerThanACoverBoxIsCroppedNotEnlarged() {
        Path tiny = TestImages.jpeg(fixtures, 200, 100);

        RenderedFile thumb = engine.render(tiny, List.of(THUMB), false, out).getFirst();

        assertThat(List.of(thumb.width(), thumb.height())).containsExactly(200, 100);
    }

    @Test
    void coverFillsAPortraitBoxFromALandscapeSource() {
        Variant portrait = Variant.of("portrait", "w:100,h:300,fit:cover,q:80");

        RenderedFile rendered = engine.render(photo, List.of(portrait), false, out).getFirst();

        assertThat(List.of(rendered.width(), rendered.height())).containsExactly(100, 300);
        // A centred 100-wide strip of the 450x300 scaled image: red and green meet in its middle.
        assertThat(TestImages.colourAt(rendered.file(), 20, 75).isNear(Rgb.RED, TOLERANCE)).isTrue();
        assertThat(TestImages.colourAt(rendered.file(), 80, 75).isNear(Rgb.GREEN, TOLERANCE)).isTrue();
    }

    @Test
    void smartCropKeepsWhatDrawsTheEyeWhereACentreCropLosesIt() {
        Path feature = TestImages.jpegWithFeatureAtLeft(fixtures, 3000, 2000);
        Variant centred = Variant.of("centred", "w:256,h:256,fit:cover,q:90");

        List<RenderedFile> rendered = engine.render(feature, List.of(THUMB, centred), false, out);

        // The 3000x2000 original scales to 384x256; the patch lands at x 6..58, y 102..154.
        Rgb smart = TestImages.colourAt(rendered.get(0).file(), 32, 128);
        Rgb centre = TestImages.colourAt(rendered.get(1).file(), 32, 128);
        assertThat(smart.isNear(Rgb.GREY, TOLERANCE)).as("smart crop at the patch: " + smart).isFalse();
        assertThat(centre.isNear(Rgb.GREY, TOLERANCE)).as("centre crop at the patch: " + centre).isTrue();
    }

    @Test
    void aSourceWithAlphaBecomesWebpWithAlpha() {
        Path alpha = TestImages.pngWithAlpha(fixtures, 600, 400);

        RenderedFile medium = engine.render(alpha, List.of(MEDIUM), true, out).getFirst();

        Inspection written = TestImages.inspect(medium.file());
        assertThat(medium.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(medium.file().getFileName().toString()).endsWith(".webp");
        assertThat(written.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(written.bands()).isEqualTo(4);
        assertThat(written.hasExif()).as("libvips 8.14 writes EXIF into WebP even when stripping").isFalse();
        assertThat(TestImages.alphaAt(medium.file(), 450, 300)).isZero();
        assertThat(TestImages.alphaAt(medium.file(), 150, 100)).isEqualTo(255);
        assertThat(TestImages.colourAt(medium.file(), 150, 100).isNear(Rgb.RED, TOLERANCE)).isTrue();
    }

    @Test
    void aJpegOfASourceWithAlphaIsFlattenedOntoWhite() {
        Path alpha = TestImages.pngWithAlpha(fixtures, 600, 400);

        RenderedFile medium = engine.render(alpha, List.of(MEDIUM), false, out).getFirst();

        assertThat(TestImages.inspect(medium.file()).bands()).isEqualTo(3);
        // Transparent black underneath: without flattening onto white it would come out black.
        assertQuadrants(medium.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    @Test
    void appliesExifOrientation() {
        Path rotated = TestImages.jpegOrientation6(fixtures, 600, 400);

        RenderedFile medium = engine.render(rotated, List.of(MEDIUM), false, out).getFirst();

        assertThat(List.of(medium.width(), medium.height())).containsExactly(400, 600);
        Inspection written = TestImages.inspect(medium.file());
        assertThat(List.of(written.width(), written.height(), written.orientation())).containsExactly(400, 600, 1);
        // Turned 90 degrees clockwise, as a viewer shows the original.
        assertQuadrants(medium.file(), Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN);
    }

    @Test
    void convertsAnEmbeddedColourProfileToSrgbBeforeStrippingIt() {
        Path p3 = TestImages.jpegInDisplayP3(fixtures, 600, 400);
        assertThat(TestImages.inspect(p3).hasIccProfile()).as("the original carries a profile").isTrue();
        assertThat(TestImages.colourAt(p3, 150, 100).isNear(Rgb.RED, TOLERANCE)).as("raw P3 numbers").isFalse();

        RenderedFile medium = engine.render(p3, List.of(MEDIUM), false, out).getFirst();

        assertThat(TestImages.inspect(medium.file()).hasIccProfile()).isFalse();
        assertQuadrants(medium.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    @Test
    void aJpegWithAnUnreadableProfileRendersItsPixelsAsSrgb() throws IOException {
        Path jpeg = TestImages.jpeg(fixtures, 600, 400);
        byte[] bytes = Files.readAllBytes(jpeg);
        // An APP2 ICC_PROFILE segment right after SOI, holding bytes no colour engine can read.
        byte[] garbage = "not a colour profile, just text".repeat(8).getBytes(StandardCharsets.US_ASCII);
        byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + name.length + 2 + garbage.length;
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        broken.write(bytes, 0, 2);
        broken.write(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        broken.write(name);
        broken.write(new byte[] {1, 1});
        broken.write(garbage);
        broken.write(bytes, 2, bytes.length - 2);
        Path file = Files.write(fixtures.resolve("bad_profile.jpg"), broken.toByteArray());
        assertThat(TestImages.inspect(file).hasIccProfile()).as("libvips sees a profile").isTrue();

        RenderedFile medium = engine.render(file, List.of(MEDIUM), false, out).getFirst();

        assertThat(List.of(medium.width(), medium.height())).containsExactly(600, 400);
        assertQuadrants(medium.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    @Test
    void aGreySourceBecomesThreeBandSrgb() {
        Path grey = TestImages.greyJpeg(fixtures, 600, 400);

        RenderedFile medium = engine.render(grey, List.of(MEDIUM), false, out).getFirst();

        Inspection written = TestImages.inspect(medium.file());
        assertThat(written.bands()).isEqualTo(3);
        assertThat(written.interpretation()).isEqualTo("srgb");
        assertThat(TestImages.colourAt(medium.file(), 100, 200).isNear(new Rgb(40, 40, 40), TOLERANCE)).isTrue();
        assertThat(TestImages.colourAt(medium.file(), 500, 200).isNear(new Rgb(210, 210, 210), TOLERANCE)).isTrue();
    }

    static Stream<Arguments> otherSources() {
        return Stream.of(
                Arguments.of("png", (Function<Path, Path>) d -> TestImages.png(d, 600, 400)),
                Arguments.of("webp", (Function<Path, Path>) d -> TestImages.webp(d, 600, 400)),
                Arguments.of("gif", (Function<Path, Path>) d -> TestImages.gif(d, 600, 400)),
                Arguments.of("tiff", (Function<Path, Path>) d -> TestImages.tiff(d, 600, 400)),
                Arguments.of("avif", (Function<Path, Path>) d -> TestImages.avif(d, 600, 400)),
                Arguments.of("heic", (Function<Path, Path>) d -> TestImages.heic(d, 600, 400)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherSources")
    void rendersEveryAcceptedFormat(String name, Function<Path, Path> make) {
        Variant half = Variant.of("half", "w:300,h:300,q:90");

        RenderedFile rendered = engine.render(make.apply(fixtures), List.of(half), false, out).getFirst();

        assertThat(List.of(rendered.width(), rendered.height())).containsExactly(300, 200);
        assertQuadrants(rendered.file(), Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
    }

    @Test
    void rendersTheFirstFrameOfAnAnimation() {
        Path animation = TestImages.animatedGif(fixtures, 60, 40, 3);

        RenderedFile rendered = engine.render(animation, List.of(MEDIUM), false, out).getFirst();

        assertThat(List.of(rendered.width(), rendered.height())).containsExactly(60, 40);
        assertThat(TestImages.colourAt(rendered.file(), 30, 20).isNear(Rgb.RED, TOLERANCE)).isTrue();
    }

    @Test
    void everyRenderWritesNewFiles() {
        List<RenderedFile> first = engine.render(photo, List.of(THUMB), false, out);
        List<RenderedFile> second = engine.render(photo, List.of(THUMB), false, out);

        assertThat(first.getFirst().file()).isNotEqualTo(second.getFirst().file());
        assertThat(first.getFirst().file()).exists();
        assertThat(second.getFirst().file()).exists();
    }

    @Test
    void aCorruptOriginalIsRejectedAndLeavesNoFileBehind() throws IOException {
        Path truncated = TestImages.truncatedJpeg(fixtures, 1200, 800);

        assertThatThrownBy(() -> engine.render(truncated, DefaultVariants.ALL, false, out))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void noSpecsMeansNoWork() throws IOException {
        assertThat(engine.render(photo, List.of(), false, out)).isEmpty();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    /** Samples the middle of each quadrant of the displayed image. */
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

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
