package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyTest {
    @TempDir
    static Path dir;
    static VipsImageEngine engine;

    @BeforeAll
    static void engine() {
        engine = new VipsImageEngine();
    }

    static Stream<Arguments> wholeImages() {
        return Stream.of(
                Arguments.of("jpeg", (Function<Path, Path>) d -> TestImages.jpeg(d, 1200, 800)),
                Arguments.of("png", (Function<Path, Path>) d -> TestImages.png(d, 300, 200)),
                Arguments.of("png with alpha", (Function<Path, Path>) d -> TestImages.pngWithAlpha(d, 300, 200)),
                Arguments.of("webp", (Function<Path, Path>) d -> TestImages.webp(d, 300, 200)),
                Arguments.of("gif", (Function<Path, Path>) d -> TestImages.gif(d, 300, 200)),
                Arguments.of("animated gif", (Function<Path, Path>) d -> TestImages.animatedGif(d, 60, 40, 3)),
                Arguments.of("tiff", (Function<Path, Path>) d -> TestImages.tiff(d, 300, 200)),
                Arguments.of("avif", (Function<Path, Path>) d -> TestImages.avif(d, 300, 200)),
                Arguments.of("heic", (Function<Path, Path>) d -> TestImages.heic(d, 300, 200)),
                Arguments.of("jpeg, orientation 6",
                        (Function<Path, Path>) d -> TestImages.jpegOrientation6(d, 600, 400)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeImages")
    void acceptsWholeImages(String name, Function<Path, Path> make) {
        Path file = make.apply(dir);

        assertThatCode(() -> engine.verify(file)).doesNotThrowAnyException();
    }

    /** A TIFF keeps its directory after its pixels: cut short, it is a TIFF all the same, damaged, not "no image". */
    @Test
    void aTiffCutBeforeItsDirectoryIsCorruptNotUnknown() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.tiff(dir, 300, 200));
        Path cut = Files.write(dir.resolve("cut.tiff"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> engine.probe(cut)).isInstanceOfSatisfying(RejectedImageException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        Path text = Files.writeString(dir.resolve("text.tiff"), "not a tiff at all");
        assertThatThrownBy(() -> engine.probe(text)).isInstanceOfSatisfying(RejectedImageException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_IMAGE));
    }

    @Test
    void aTruncatedJpegIsCorrupt() {
        Path truncated = TestImages.truncatedJpeg(dir, 1200, 800);
        // The header alone looks fine: only decoding finds the missing data.
        assertThatCode(() -> engine.probe(truncated)).doesNotThrowAnyException();

        assertRejected(truncated, Reason.CORRUPT);
    }

    /**
     * An animation cut short plays the frames it has, and libvips counts it good even failing on
     * truncation: the walk of its blocks refuses it. Cut just before its trailer, between two blocks,
     * it is taken, as browsers take it.
     */
    @Test
    void anAnimatedGifCutInsideAFrameIsCorruptAndOneMissingOnlyItsTrailerIsNot() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.animatedGif(dir, 120, 80, 6));
        assertThat(whole[whole.length - 1]).as("the trailer").isEqualTo((byte) 0x3B);
        Path cut = Files.write(dir.resolve("cut.gif"), Arrays.copyOf(whole, whole.length * 2 / 3));
        assertThatCode(() -> engine.probe(cut)).as("its header is whole").doesNotThrowAnyException();

        assertRejected(cut, Reason.CORRUPT);
        Path noTrailer = Files.write(dir.resolve("no-trailer.gif"), Arrays.copyOf(whole, whole.length - 1));
        assertThatCode(() -> engine.verify(noTrailer)).doesNotThrowAnyException();
    }

    @Test
    void aPixelBombWithoutPixelDataIsCorrupt() {
        assertRejected(TestImages.pngPixelBomb(dir, 30000, 30000), Reason.CORRUPT);
    }

    @Test
    void refusesWhatProbeRefuses() {
        assertRejected(TestImages.notAnImage(dir), Reason.NOT_AN_IMAGE);
        assertRejected(TestImages.svg(dir), Reason.UNSUPPORTED_FORMAT);
    }

    private static void assertRejected(Path file, Reason reason) {
        assertThatThrownBy(() -> engine.verify(file))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
