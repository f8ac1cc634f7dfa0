package dev.pixflow.engine.vips.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class XmpWithoutPositionTest {
    private static String cleaned(String xmp) {
        return XmpWithoutPosition.of(xmp.getBytes(StandardCharsets.UTF_8)).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(null);
    }

    @Test
    void attributesElementsAndEmptyElementsOfAnyNamespaceGo() {
        String xmp = """
                <rdf:Description xmp:Rating="4" exif:GPSLatitude='55,2.3N' drone-dji:GpsLongitude = "+8.45"
                  drone-dji:LRFTargetLat="55.0394" drone-dji:LRFTargetLon="8.4571">
                 <exif:GPSLongitude>8,27E</exif:GPSLongitude>
                 <exif:GPSCoordinates><rdf:Seq><rdf:li>1</rdf:li></rdf:Seq></exif:GPSCoordinates>
                 <exif:GPSVersionID/>
                 <dc:rights>Studio</dc:rights>
                </rdf:Description>""";

        String out = cleaned(xmp);

        assertThat(out).doesNotContainIgnoringCase("gps").doesNotContain("LRFTarget").contains("xmp:Rating=\"4\"").contains("<dc:rights>Studio</dc:rights>");
    }

    @Test
    void aPacketWithoutAPositionIsKeptAsItIs() {
        byte[] packet = "<rdf:Description xmp:Rating=\"2\"/>".getBytes(StandardCharsets.UTF_8);
        assertThat(XmpWithoutPosition.of(packet)).containsSame(packet);
    }

    @Test
    void aPositionInAFormNotForeseenDropsThePacketWhole() {
        assertThat(cleaned("<rdf:Description><exif:GPSLatitude>55N</rdf:Description>")).as("never closed").isNull();
        assertThat(XmpWithoutPosition.of("<x:gps/>".getBytes(StandardCharsets.UTF_16))).as("not UTF-8").isEmpty();
        assertThat(XmpWithoutPosition.of(("<a b=\"" + "x".repeat(XmpWithoutPosition.MAX_BYTES) + "\"/>")
                .getBytes(StandardCharsets.UTF_8))).as("larger than any camera writes").isEmpty();
    }

    @Test
    void namespaceDeclarationsAndProseThatMentionsAPositionStay() {
        String xmp = "<rdf:Description xmlns:gpsx=\"http://example.com/gpsx/\" gpsx:Version=\"2\""
                + " dc:description=\"Location:GPS from the phone\"/>";
        assertThat(cleaned(xmp)).contains("xmlns:gpsx=").contains("Location:GPS from the phone");
    }
}
