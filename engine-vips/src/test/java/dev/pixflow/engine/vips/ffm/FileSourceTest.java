package dev.pixflow.engine.vips.ffm;

import dev.pixflow.engine.vips.testing.OpenFiles;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JPEG read through {@link FileSource}: the same pixels, the file never mapped, and closed with the image. */
class FileSourceTest {
    private static final VipsOptions HALF = VipsOptions.none().with("shrink", 2);

    @TempDir
    Path dir;

    @Test
    void decodesTheSamePixelsAsLoadingByNameWithoutMappingTheFile() throws IOException {
        Path jpeg = TestImages.jpeg(dir, 1200, 800);
        double byName;
        try (VipsImage named = VipsImage.load("jpegload", jpeg, HALF)) {
            byName = named.average();
        }

        try (VipsImage read = VipsImage.loadByReads("jpegload", jpeg, HALF)) {
            assertThat(read.width()).isEqualTo(600);
            assertThat(read.average()).isEqualTo(byName);
            // Every byte was decoded, and the image still holds its source open.
            assertThat(OpenFiles.mapped(jpeg)).as("the file mapped into the process").isFalse();
            assertThat(OpenFiles.descriptorsOn(jpeg)).as("descriptors open on the file").isEqualTo(1);
        }
        assertThat(OpenFiles.descriptorsOn(jpeg)).as("descriptors open on the file once the image is closed").isZero();
    }

    @Test
    void theFileStaysOpenWhileAnImageMadeFromItLives() throws IOException {
        Path jpeg = TestImages.jpeg(dir, 400, 300);
        VipsImage derived;
        try (VipsImage read = VipsImage.loadByReads("jpegload", jpeg, VipsOptions.none())) {
            derived = read.apply("resize", VipsOptions.none(), 0.5);
        }
        try (derived) {
            assertThat(OpenFiles.descriptorsOn(jpeg)).isEqualTo(1);
            assertThat(derived.average()).isPositive();
        }
        assertThat(OpenFiles.descriptorsOn(jpeg)).isZero();
    }

    @Test
    void theSourceSeeksThroughTheFile() throws IOException {
        Path jpeg = TestImages.jpeg(dir, 300, 200);
        MemorySegment source = FileSource.open(jpeg, "test");
        try {
            // libvips finds the length by seeking to the end and back. A source whose seek failed would
            // be taken for a pipe and read whole into memory to find it, and then count as mappable.
            assertThat(LibVips.callLong("vips_source_length", source)).isEqualTo(Files.size(jpeg));
            assertThat(LibVips.callInt("vips_source_is_mappable", source)).as("mappable").isZero();
        } finally {
            LibVips.unref(source);
        }
        assertThat(OpenFiles.descriptorsOn(jpeg)).isZero();
    }

    @Test
    void aMissingFileFailsAsALibvipsLoadDoes() {
        assertThatThrownBy(() -> VipsImage.loadByReads("jpegload", dir.resolve("missing.jpg"), VipsOptions.none()))
                .isInstanceOf(VipsException.class)
                .hasMessageContaining("vips_jpegload_source")
                .hasMessageContaining("missing.jpg");
    }

    @Test
    void bytesThatAreNotAJpegFailAndLeaveNoDescriptorOpen() throws IOException {
        Path text = TestImages.notAnImage(dir);

        assertThatThrownBy(() -> VipsImage.loadByReads("jpegload", text, VipsOptions.none()))
                .isInstanceOf(VipsException.class);
        assertThat(OpenFiles.descriptorsOn(text)).isZero();
    }
}
