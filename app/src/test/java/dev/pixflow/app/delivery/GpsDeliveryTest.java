package dev.pixflow.app.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone photo with its GPS position, uploaded as a public image: its owner downloads it untouched,
 * anyone else gets it without the position, the serial number and the XMP, with the same compressed
 * pixels, another ETag, and caching that keeps the two apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GpsDeliveryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.delivery.keys", () -> "6a7b8c9d");
        r.add("pixflow.delivery.salts", () -> "01");
    }

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    String token;

    @BeforeEach
    void issueKey() {
        token = keys.issue("ana", false).token();
    }

    private JsonNode upload(Path photo, String visibility) throws Exception {
        HttpResponse<String> r = http().send(http().request("/v1/images?allowDuplicate=true&visibility=" + visibility)
                .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(photo)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r);
    }

    private HttpResponse<byte[]> get(String url, boolean asOwner) {
        HttpRequest.Builder b = http().request(url);
        if (asOwner) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r = http().bytes(b.GET().build());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r;
    }

    private Path save(HttpResponse<byte[]> r, String name) throws Exception {
        return Files.write(tmp.resolve(name), r.body());
    }

    @Test
    void theOriginalLeavesWithoutItsPositionForAnyoneButItsOwner() throws Exception {
        Path photo = GpsPhotos.jpeg(TestImages.jpeg(tmp, 800, 600), tmp);
        JsonNode image = upload(photo, "public");
        String id = image.get("id").asText();
        assertThat(image.get("exif").get("gps").get("latitude").asDouble()).as("the server read a real position")
                .isCloseTo(GpsPhotos.LATITUDE, org.assertj.core.data.Offset.offset(0.001));

        HttpResponse<byte[]> anyone = get("/i/" + id + "/original", false);
        Path shared = save(anyone, "anyone.jpg");
        assertThat(GpsPhotos.gps(shared)).isNull();
        assertThat(GpsPhotos.contains(shared, GpsPhotos.SERIAL)).isFalse();
        assertThat(GpsPhotos.contains(shared, GpsPhotos.XMP_POSITION)).isFalse();
        assertThat(GpsPhotos.scan(shared)).as("the same compressed pixels").isEqualTo(GpsPhotos.scan(photo));
        assertThat(anyone.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(anyone.headers().firstValue("Vary")).as("the owner gets other bytes at this URL").hasValue("Authorization");
        HttpResponse<byte[]> again = get("/i/" + id + "/original", false);
        assertThat(again.body()).as("the cleaned copy is kept, not made again").isEqualTo(anyone.body());

        HttpResponse<byte[]> owner = get("/i/" + id + "/original", true);
        assertThat(owner.body()).as("the owner's download is the file as uploaded").isEqualTo(Files.readAllBytes(photo));
        assertThat(GpsPhotos.gps(save(owner, "owner.jpg"))).isNotNull();
        assertThat(owner.headers().firstValue("Cache-Control")).hasValue("no-cache, private");
        assertThat(owner.headers().firstValue("Vary")).hasValue("Authorization");
        assertThat(owner.headers().firstValue("ETag")).isNotEqualTo(anyone.headers().firstValue("ETag"));

        // A revalidation of the cleaned copy with the owner's ETag is not a 304: the bodies differ.
        HttpResponse<byte[]> crossed = http().bytes(http().request("/i/" + id + "/original")
                .header("If-None-Match", owner.headers().firstValue("ETag").orElseThrow()).GET().build());
        assertThat(crossed.statusCode()).isEqualTo(200);
        assertThat(GpsPhotos.gps(save(crossed, "crossed.jpg"))).isNull();

        // Renditions never carried a position.
        assertThat(GpsPhotos.gps(save(get("/i/" + id + "/thumb", true), "thumb.jpg"))).isNull();
    }

    @Test
    void aSignedLinkToAPrivateOriginalIsTheCleanedCopy() throws Exception {
        Path photo = GpsPhotos.jpeg(TestImages.jpeg(tmp, 640, 480), tmp);
        String id = upload(photo, "private").get("id").asText();
        DeliverySigner signer = new DeliverySigner(List.of(SigningKey.hex("6a7b8c9d", "01")), Clock.systemUTC());
        String link = new ExpiringLinks(signer).sign("/i/" + id + "/original", Clock.systemUTC().instant().plusSeconds(300));

        Path shared = save(get(link, false), "link.jpg");

        assertThat(GpsPhotos.gps(shared)).isNull();
        assertThat(GpsPhotos.scan(shared)).isEqualTo(GpsPhotos.scan(photo));
        assertThat(GpsPhotos.gps(save(get("/i/" + id + "/original", true), "own.jpg"))).isNotNull();
    }
}
