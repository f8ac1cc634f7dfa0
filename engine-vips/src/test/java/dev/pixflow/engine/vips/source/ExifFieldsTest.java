package dev.pixflow.engine.vips.source;

import dev.pixflow.core.domain.Exif;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** libvips' EXIF strings ("value (shown, type, n components, bytes)") read into camera data. */
class ExifFieldsTest {

    @Test
    void rawPartsAreTakenFromLibvipsStrings() {
        assertThat(ExifFields.rawPart("Canon (Canon, ASCII, 6 components, 6 bytes)")).contains("Canon");
        assertThat(ExifFields.rawPart("RICOH IMAGING COMPANY, LTD. (RICOH IMAGING COMPANY, LTD., ASCII, 28 components, 28 bytes)"))
                .contains("RICOH IMAGING COMPANY, LTD.");
        assertThat(ExifFields.rawPart("Cam (II) (Cam (II), ASCII, 9 components, 9 bytes)")).contains("Cam (II)");
        assertThat(ExifFields.rawPart("56/10 (f/5.6, Rational, 1 components, 8 bytes)")).contains("56/10");
        assertThat(ExifFields.rawPart("36/1 358465/10000 0/1 (36, 35.8465,  0, Rational, 3 components, 24 bytes)"))
                .contains("36/1 358465/10000 0/1");
        assertThat(ExifFields.exposure("70001/1000000")).contains("1/14");
        assertThat(ExifFields.exposure("25/10")).contains("2.5");
        assertThat(ExifFields.degrees("4/1 305076/10000 0/1")).hasValueSatisfying(d ->
                assertThat(d).isCloseTo(4.50846, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void unparseableFieldsAreLeftOut() {
        Exif exif = ExifFields.read(name -> Optional.ofNullable(Map.of(
                "exif-ifd2-DateTimeOriginal", "0000:00:00 00:00:00 (0000:00:00 00:00:00, ASCII, 20 components, 20 bytes)",
                "exif-ifd2-FNumber", "0/0 (, Rational, 1 components, 8 bytes)",
                "exif-ifd3-GPSLatitude", "junk").get(name)));
        assertThat(exif).isEqualTo(Exif.NONE);
    }
}
