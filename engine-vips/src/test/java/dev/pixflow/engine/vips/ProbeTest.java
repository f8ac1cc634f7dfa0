package dev.pixflow.engine.vips;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.engine.vips.ffm.LibVips;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProbeTest {
    @TempDir
    static Path dir;
    static VipsImageEngine engine;

    @BeforeAll
    static void engine() {
        engine = new VipsImageEngine();
    }

    static Stream<Arguments> acceptedFormats() {
        return Stream.of(
                Arguments.of(ImageFormat.JPEG, (Function<Path, Path>) d -> TestImages.jpeg(d, 300, 200), false),
                Arguments.of(ImageFormat.PNG, (Function<Path, Path>) d -> TestImages.png(d, 300, 200), false),
                Arguments.of(ImageFormat.PNG, (Function<Path, Path>) d -> TestImages.pngWithAlpha(d, 300, 200), true),
                Arguments.of(ImageFormat.WEBP, (Function<Path, Path>) d -> TestImages.webp(d, 300, 200), false),
                Arguments.of(ImageFormat.TIFF, (Function<Path, Path>) d -> TestImages.tiff(d, 300, 200), false),
                Arguments.of(ImageFormat.AVIF, (Function<Path, Path>) d -> TestImages.avif(d, 300, 200), false),
                Arguments.of(ImageFormat.HEIC, (Function<Path, Path>) d -> TestImages.heic(d, 300, 200), false));
    }

    @ParameterizedTest(name = "{0}, alpha {2}")
    @MethodSource("acceptedFormats")
    void probesEachAcceptedFormat(ImageFormat format, Function<Path, Path> make, boolean alpha) {
        ImageProbe probe = engine.probe(make.apply(dir));

        assertThat(probe).isEqualTo(new ImageProbe(format, 300, 200, alpha, 1, 1));
    }

    @Test
    void probesGifSizeAndFormat() {
        ImageProbe probe = engine.probe(TestImages.gif(dir, 300, 200));

        assertThat(probe.format()).isEqualTo(ImageFormat.GIF);
        assertThat(probe.width()).isEqualTo(300);
        assertThat(probe.height()).isEqualTo(200);
        assertThat(probe.pages()).isEqualTo(1);
    }

    @Test
    void countsTheFramesOfAnAnimationAndGivesTheSizeOfOneFrame() {
        ImageProbe probe = engine.probe(TestImages.animatedGif(dir, 60, 40, 3));

        assertThat(probe.pages()).isEqualTo(3);
        assertThat(probe.width()).isEqualTo(60);
        assertThat(probe.height()).isEqualTo(40);
    }

    @Test
    void givesTheDisplayedSizeOfARotatedJpeg() {
        Path file = TestImages.jpegOrientation6(dir, 600, 400);

        assertThat(engine.probe(file)).isEqualTo(new ImageProbe(ImageFormat.JPEG, 400, 600, false, 1, 6));
    }

    @Test
    void readsAPixelBombsHeaderWithoutDecodingIt() {
        Path bomb = TestImages.pngPixelBomb(dir, 30000, 30000);
        long highwaterBefore = LibVips.trackedMemoryHighwater();

        ImageProbe probe = engine.probe(bomb);

        assertThat(probe).isEqualTo(new ImageProbe(ImageFormat.PNG, 30000, 30000, false, 1, 1));
        assertThat(probe.pixels()).isEqualTo(900_000_000L);
        // Decoding even one full-size copy would take 2.5 GiB.
        assertThat(LibVips.trackedMemoryHighwater() - highwaterBefore).isLessThan(16L << 20);
    }

    @Test
    void textIsNotAnImage() {
        assertRejected(TestImages.notAnImage(dir), Reason.NOT_AN_IMAGE);
    }

    @Test
    void anEmptyFileIsNotAnImage() throws IOException {
        assertRejected(Files.createFile(dir.resolve("empty.jpg")), Reason.NOT_AN_IMAGE);
    }

    @Test
    void svgIsRecognisedButNotAccepted() {
        assertRejected(TestImages.svg(dir), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void ppmIsRecognisedButNotAccepted() {
        assertRejected(TestImages.ppm(dir), Reason.UNSUPPORTED_FORMAT);
    }

    /** Formats the pinned libvips has no loader for are still named for what they are, not "no image". */
    @Test
    void bmpAndJpeg2000AreRecognisedButNotAccepted() {
        assertRejected(TestImages.bmp(dir), Reason.UNSUPPORTED_FORMAT);
        assertRejected(TestImages.jpeg2000(dir), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void aJpegCutInsideItsHeaderIsCorruptAndTheMessageHidesTheServersPath() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.jpeg(dir, 300, 200));
        Path cut = Files.write(dir.resolve("header-only.jpg"), Arrays.copyOf(whole, 40));

        RejectedImageException rejected = assertThrows(RejectedImageException.class, () -> engine.probe(cut));

        assertThat(rejected.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(rejected.getMessage()).doesNotContain(dir.toString()).doesNotContain("header-only");
    }

    @Test
    void aMissingFileIsAnIoProblemNotARejection() {
        assertThatThrownBy(() -> engine.probe(dir.resolve("missing.jpg"))).isInstanceOf(UncheckedIOException.class);
    }

    private static void assertRejected(Path file, Reason reason) {
        assertThatThrownBy(() -> engine.probe(file))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
