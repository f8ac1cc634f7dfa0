package dev.pixflow.engine.vips.ffm;

import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The system's libheif through java.lang.foreign, on real HEVC files made by x265: the decoder the
 * engine uses for HEIC where libvips has none.
 */
class LibHeifTest {
    /** HEVC at quality 90 moves flat colours a little; a wrong quadrant is off by about 255. */
    private static final int TOLERANCE = 40;

    @TempDir
    static Path dir;
    static LibHeif libheif;

    @BeforeAll
    static void load() {
        libheif = LibHeif.get().orElseThrow(() -> new AssertionError("libheif.so.1 (Debian's libheif1) is needed"));
    }

    @Test
    void hasAnHevcDecoder() {
        assertThat(libheif.version()).matches("1\\.\\d+\\.\\d+");
        assertThat(libheif.decodesHevc()).isTrue();
    }

    @Test
    void decodesTheQuadrantsOfAnHevcFile() {
        Path heic = TestImages.heic(dir, 320, 200);

        try (VipsImage image = libheif.decodePrimary(heic, 320 * 200)) {
            assertThat(List.of(image.width(), image.height(), image.bands())).containsExactly(320, 200, 3);
            assertThat(VipsEnums.nick("VipsInterpretation", image.interpretation())).isEqualTo("srgb");
            assertQuadrants(image, Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
        }
    }

    @Test
    void readsRowsThatLibheifPadded() {
        // 301 x 3 bytes a row is not a multiple of libheif's row alignment: the rows are copied out.
        Path heic = TestImages.heic(dir, 301, 200);

        try (VipsImage image = libheif.decodePrimary(heic, 301 * 200)) {
            assertThat(List.of(image.width(), image.height())).containsExactly(301, 200);
            assertQuadrants(image, Rgb.RED, Rgb.GREEN, Rgb.BLUE, Rgb.WHITE);
            assertThat(rgb(image, 300, 199).isNear(Rgb.WHITE, TOLERANCE)).isTrue();
        }
    }

    @Test
    void turnsTheImageAsTheFileSays() {
        // Stored 300 x 200 with an irot box of 90 degrees clockwise: displayed 200 x 300.
        Path heic = TestImages.heicRotated(dir, 300, 200);

        try (VipsImage image = libheif.decodePrimary(heic, 300 * 200)) {
            assertThat(List.of(image.width(), image.height())).containsExactly(200, 300);
            assertQuadrants(image, Rgb.BLUE, Rgb.RED, Rgb.WHITE, Rgb.GREEN);
        }
    }

    @Test
    void refusesAnImageLargerThanAllowedBeforeDecodingIt() {
        Path heic = TestImages.heic(dir, 320, 200);
        int live = LibHeif.liveImages();

        assertThatThrownBy(() -> libheif.decodePrimary(heic, 320 * 200 - 1))
                .isInstanceOf(VipsException.class)
                .hasMessageContaining("320x200").hasMessageContaining("allowed");
        assertThat(LibHeif.liveImages()).isEqualTo(live);
    }

    @Test
    void aTruncatedFileFailsWithLibheifsMessage() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.heic(dir, 320, 200));
        Path cut = Files.write(dir.resolve("cut.heic"), Arrays.copyOf(whole, whole.length * 6 / 10));

        assertThatThrownBy(() -> libheif.decodePrimary(cut, 320 * 200))
                .isInstanceOf(VipsException.class)
                .hasMessageStartingWith("heif_");
    }

    @Test
    void theDecodedImageIsReleasedWithTheLibvipsImageThatReadsIt() {
        Path heic = TestImages.heic(dir, 320, 200);
        int live = LibHeif.liveImages();

        VipsImage image = libheif.decodePrimary(heic, 320 * 200);
        VipsImage second = image.share();
        // 320 x 3 bytes a row: libheif's rows are packed, so libvips reads them in place.
        assertThat(LibHeif.liveImages()).isEqualTo(live + 1);
        image.close();
        assertThat(LibHeif.liveImages()).as("still read by another reference").isEqualTo(live + 1);
        assertThat(rgb(second, 10, 10).isNear(Rgb.RED, TOLERANCE)).isTrue();
        second.close();

        assertThat(LibHeif.liveImages()).isEqualTo(live);
    }

    private static void assertQuadrants(VipsImage image, Rgb topLeft, Rgb topRight, Rgb bottomLeft, Rgb bottomRight) {
        int left = image.width() / 4;
        int right = image.width() * 3 / 4;
        int top = image.height() / 4;
        int bottom = image.height() * 3 / 4;
        assertThat(List.of(rgb(image, left, top), rgb(image, right, top), rgb(image, left, bottom),
                rgb(image, right, bottom)))
                .zipSatisfy(List.of(topLeft, topRight, bottomLeft, bottomRight),
                        (actual, expected) -> assertThat(actual.isNear(expected, TOLERANCE))
                                .as(actual + " near " + expected).isTrue());
    }

    private static Rgb rgb(VipsImage image, int x, int y) {
        double[] bands = image.point(x, y);
        return new Rgb((int) Math.round(bands[0]), (int) Math.round(bands[1]), (int) Math.round(bands[2]));
    }
}
