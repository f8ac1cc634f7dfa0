package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebpMetadataTest {
    @TempDir
    Path dir;

    @Test
    void removesExifAndKeepsThePicture() throws IOException {
        Path webp = TestImages.webp(dir, 40, 30);
        Inspection before = TestImages.inspect(webp);
        assertThat(before.hasExif()).as("libvips wrote EXIF").isTrue();
        long size = Files.size(webp);
        double[] pixel = TestImages.pixelAt(webp, 5, 5);

        WebpMetadata.strip(webp);

        Inspection after = TestImages.inspect(webp);
        assertThat(after.hasExif()).isFalse();
        assertThat(Files.size(webp)).isLessThan(size);
        assertThat(after.width()).isEqualTo(before.width());
        assertThat(after.height()).isEqualTo(before.height());
        assertThat(after.bands()).isEqualTo(before.bands());
        assertThat(TestImages.pixelAt(webp, 5, 5)).containsExactly(pixel);
    }

    @Test
    void leavesAFileWithoutMetadataAsItIs() throws IOException {
        Path webp = TestImages.webp(dir, 40, 30);
        WebpMetadata.strip(webp);
        byte[] stripped = Files.readAllBytes(webp);
        Files.setLastModifiedTime(webp, FileTime.fromMillis(0));

        WebpMetadata.strip(webp);

        assertThat(Files.readAllBytes(webp)).isEqualTo(stripped);
        assertThat(Files.getLastModifiedTime(webp)).as("not written again").isEqualTo(FileTime.fromMillis(0));
    }

    @Test
    void judgesAFileInTheSimpleFormatByItsFirstChunk() throws IOException {
        // RIFF, WEBP, then a lossy "VP8 " chunk whose size runs past the end: only a reader of the whole file sees that.
        byte[] simple = {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 100, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Path webp = Files.write(dir.resolve("simple.webp"), simple);

        WebpMetadata.strip(webp);

        assertThat(Files.readAllBytes(webp)).as("no metadata can follow, so nothing was read further").isEqualTo(simple);
    }

    @Test
    void refusesWhatIsNotWebp() throws IOException {
        Path png = TestImages.png(dir, 4, 4);

        assertThatThrownBy(() -> WebpMetadata.strip(png)).isInstanceOf(IOException.class);
    }
}
