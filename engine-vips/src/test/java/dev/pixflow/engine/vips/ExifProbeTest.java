package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The probe reads the camera's EXIF from the header: what libvips writes into a JPEG comes back as values. */
class ExifProbeTest {
    @TempDir
    static Path dir;
    static VipsImageEngine engine;

    @BeforeAll
    static void engine() {
        engine = new VipsImageEngine();
    }

    /** A JPEG carrying these EXIF fields, written by libvips from header strings (raw values). */
    static Path jpegWithExif(String name, Map<String, String> fields) {
        Path plain = TestImages.jpeg(dir, 320, 240);
        Path out = dir.resolve(name);
        VipsImage image = VipsImage.open(plain);
        try {
            for (var field : fields.entrySet()) {
                VipsImage next = image.withStringField(field.getKey(), field.getValue());
                image.close();
                image = next;
            }
            image.save("jpegsave", out, VipsOptions.none());
        } finally {
            image.close();
        }
        return out;
    }

    @Test
    void cameraLensTimeExposureAndPositionAreRead() {
        Path file = jpegWithExif("camera.jpg", Map.ofEntries(
                Map.entry("exif-ifd0-Make", "Pixflow Optics"),
                Map.entry("exif-ifd0-Model", "PX-1 Mark II"),
                Map.entry("exif-ifd2-LensModel", "PX 35mm F1.4"),
                Map.entry("exif-ifd2-DateTimeOriginal", "2024:07:14 18:30:05"),
                Map.entry("exif-ifd2-OffsetTimeOriginal", "+02:00"),
                Map.entry("exif-ifd2-ExposureTime", "1/250"),
                Map.entry("exif-ifd2-FNumber", "28/10"),
                Map.entry("exif-ifd2-ISOSpeedRatings", "400"),
                Map.entry("exif-ifd2-FocalLength", "35/1"),
                Map.entry("exif-ifd3-GPSLatitudeRef", "S"),
                Map.entry("exif-ifd3-GPSLatitude", "33/1 51/1 3540/100"),
                Map.entry("exif-ifd3-GPSLongitudeRef", "E"),
                Map.entry("exif-ifd3-GPSLongitude", "151/1 12/1 3000/100")));

        ImageProbe probe = engine.probe(file);

        Exif exif = probe.exif();
        assertThat(exif.cameraMake()).isEqualTo("Pixflow Optics");
        assertThat(exif.cameraModel()).isEqualTo("PX-1 Mark II");
        assertThat(exif.lens()).isEqualTo("PX 35mm F1.4");
        assertThat(exif.takenAt()).isEqualTo(Instant.parse("2024-07-14T16:30:05Z"));
        assertThat(exif.exposureTime()).isEqualTo("1/250");
        assertThat(exif.fNumber()).isEqualTo(2.8);
        assertThat(exif.iso()).isEqualTo(400);
        assertThat(exif.focalLength()).isEqualTo(35.0);
        assertThat(exif.gps()).isEqualTo(new GeoPoint(-33.8598333, 151.2083333));
    }

    @Test
    void theTestFixtureWithGpsGivesItsPosition() {
        Exif exif = engine.probe(TestImages.jpegWithGps(dir, 200, 100)).exif();

        assertThat(exif.cameraMake()).isEqualTo("Pixflow Test Camera");
        assertThat(exif.gps().latitude()).isCloseTo(55.0387558, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(exif.gps().longitude()).isCloseTo(8.4571906, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void anImageWithoutCameraFieldsHasNone() {
        assertThat(engine.probe(TestImages.png(dir, 50, 40)).exif()).isEqualTo(Exif.NONE);
        assertThat(engine.probe(TestImages.jpeg(dir, 50, 40)).exif()).isEqualTo(Exif.NONE);
    }

    @Test
    void aPhoneJpegOfTheCorpusGivesItsCamera() {
        Path sunset = Path.of(System.getProperty("pixflow.corpus", "../../shared/corpus/images"))
                .resolve("jpeg_small_sunset_exif_900x562.jpg");
        assumeThat(Files.exists(sunset)).as("the shared corpus is present").isTrue();

        Exif exif = engine.probe(sunset).exif();

        assertThat(exif.cameraMake()).isEqualTo("RICOH IMAGING COMPANY, LTD.");
        assertThat(exif.cameraModel()).isEqualTo("PENTAX K-3 II");
        assertThat(exif.lens()).isEqualTo("smc PENTAX-DA* 16-50mm F2.8 ED AL [IF] SDM");
        assertThat(exif.takenAt()).isEqualTo(Instant.parse("2017-10-27T08:38:52Z"));
        assertThat(exif.exposureTime()).isEqualTo("1/200");
        assertThat(exif.fNumber()).isEqualTo(5.6);
        assertThat(exif.iso()).isEqualTo(100);
        assertThat(exif.focalLength()).isEqualTo(21.0);
        assertThat(exif.gps().latitude()).isCloseTo(36.5974417, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(exif.gps().longitude()).isCloseTo(-4.50846, org.assertj.core.data.Offset.offset(1e-6));
    }
}
