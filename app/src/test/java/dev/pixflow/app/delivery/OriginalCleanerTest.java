package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.PersonalMetadata.Outcome;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.testing.TestImages;
import org.apache.commons.imaging.Imaging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal metadata goes, the picture's stays, and the compressed pixels are copied byte for byte. */
class OriginalCleanerTest {
    @TempDir
    Path dir;

    private final OriginalCleaner cleaner = new OriginalCleaner();

    @Test
    void aJpegLosesItsPositionSerialAndXmpButNotItsPixelsOrCamera() throws Exception {
        Path photo = GpsPhotos.jpeg(TestImages.jpeg(dir, 640, 480), dir);
        assertThat(GpsPhotos.gps(photo)).as("the fixture says where it was taken").isNotNull();
        assertThat(GpsPhotos.contains(photo, GpsPhotos.SERIAL)).isTrue();
        assertThat(GpsPhotos.contains(photo, GpsPhotos.XMP_POSITION)).isTrue();
        Path clean = dir.resolve("clean.jpg");

        assertThat(cleaner.remove(ImageFormat.JPEG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.gps(clean)).isNull();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.SERIAL)).isFalse();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.XMP_POSITION)).isFalse();
        assertThat(GpsPhotos.contains(clean, "FUJIFILM")).as("the camera is kept").isTrue();
        assertThat(GpsPhotos.scan(clean)).as("the compressed pixels").isEqualTo(GpsPhotos.scan(photo));
        assertThat(Imaging.getImageInfo(clean.toFile()).getWidth()).isEqualTo(640);
        // What is left has nothing more to remove.
        assertThat(cleaner.remove(ImageFormat.JPEG, clean, dir.resolve("again.jpg"))).isEqualTo(Outcome.NONE_FOUND);
    }

    @Test
    void aPngLosesItsExifPositionAndXmp() throws Exception {
        Path photo = GpsPhotos.png(TestImages.png(dir, 320, 240), dir);
        assertThat(GpsPhotos.gps(photo)).isNotNull();
        Path clean = dir.resolve("clean.png");

        assertThat(cleaner.remove(ImageFormat.PNG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.gps(clean)).isNull();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.SERIAL)).isFalse();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.XMP_POSITION)).isFalse();
        assertThat(GpsPhotos.contains(clean, "FUJIFILM")).isTrue();
        assertThat(Imaging.getImageInfo(clean.toFile()).getWidth()).as("still a valid PNG").isEqualTo(320);
    }

    @Test
    void aFileWithNothingPersonalIsLeftAsItIs() throws Exception {
        Path png = TestImages.png(dir, 64, 64);
        assertThat(cleaner.remove(ImageFormat.PNG, png, dir.resolve("x.png"))).isEqualTo(Outcome.NONE_FOUND);
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
        assertThat(cleaner.remove(ImageFormat.HEIC, png, dir.resolve("x.heic"))).isEqualTo(Outcome.UNSUPPORTED);
    }
}
