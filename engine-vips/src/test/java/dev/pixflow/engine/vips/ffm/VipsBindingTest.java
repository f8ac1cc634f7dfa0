package dev.pixflow.engine.vips.ffm;

import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VipsBindingTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheLibrary() {
        assertThat(LibVips.version()).matches("8\\.\\d+\\.\\d+");
    }

    @Test
    void looksEnumValuesUpByNickname() {
        int down = VipsEnums.value("VipsSize", "down");
        int force = VipsEnums.value("VipsSize", "force");

        assertThat(down).isNotEqualTo(force);
        assertThat(VipsEnums.nick("VipsSize", down)).isEqualTo("down");
        assertThat(VipsEnums.nick("VipsInteresting", VipsEnums.value("VipsInteresting", "attention")))
                .isEqualTo("attention");
        assertThat(VipsEnums.nick("VipsForeignHeifCompression",
                VipsEnums.value("VipsForeignHeifCompression", "hevc"))).isEqualTo("hevc");
    }

    @Test
    void anUnknownEnumNicknameFails() {
        assertThatThrownBy(() -> VipsEnums.value("VipsSize", "sideways")).isInstanceOf(VipsException.class);
    }

    @Test
    void aFailedCallRaisesTheLibvipsMessageAndClearsIt() {
        Path text = TestImages.notAnImage(dir);

        assertThatThrownBy(() -> VipsImage.open(text))
                .isInstanceOf(VipsException.class)
                .hasMessageContaining("vips_image_new_from_file")
                .hasMessageContaining("not a known file format");
        assertThatThrownBy(() -> VipsImage.open(dir.resolve("missing.png")))
                .isInstanceOf(VipsException.class)
                .hasMessageNotContaining("not-an-image");
    }

    @Test
    void findsTheLoaderFromTheBytesNotTheName() throws IOException {
        Path png = TestImages.png(dir, 20, 10);
        Path misnamed = Files.move(png, dir.resolve("really-a-png.jpg"));

        assertThat(VipsImage.findLoader(misnamed)).contains("pngload");
        assertThat(VipsImage.findLoader(TestImages.notAnImage(dir))).isEmpty();
    }

    @Test
    void refusesAFileNameThatLibvipsWouldReadAsOptions() throws IOException {
        Path odd = Files.move(TestImages.png(dir, 20, 10), dir.resolve("scan[1]"));

        assertThatThrownBy(() -> VipsImage.open(odd)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VipsImage.findLoader(odd)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensAFileNameWithBracketsInside() throws IOException {
        Path odd = Files.move(TestImages.png(dir, 20, 10), dir.resolve("scan[1].png"));

        try (VipsImage image = VipsImage.open(odd)) {
            assertThat(image.width()).isEqualTo(20);
        }
    }

    @Test
    void closingReleasesTheImageOnceAndForAll() {
        int before = LibVips.liveObjects();
        VipsImage image = VipsImage.fromPixels(new byte[4 * 3 * 3], 4, 3, 3);
        VipsImage copy = image.copy(VipsOptions.none());
        assertThat(LibVips.liveObjects()).isGreaterThan(before);

        copy.close();
        image.close();
        image.close();

        assertThat(LibVips.liveObjects()).isEqualTo(before);
        assertThatThrownBy(image::width).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsPixelsBack() {
        byte[] pixels = {10, 20, 30, 40, 50, 60};
        try (VipsImage image = VipsImage.fromPixels(pixels, 2, 1, 3)) {
            assertThat(image.point(1, 0)).containsExactly(40, 50, 60);
            assertThat(image.average()).isEqualTo(35.0);
        }
    }
}
