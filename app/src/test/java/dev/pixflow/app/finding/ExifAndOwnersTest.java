package dev.pixflow.app.finding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
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
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXIF read at upload and kept with the record; where the photo was taken is shown to its owner only,
 * so an operator listing someone's images sees the camera but not the place. Duplicates are per owner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExifAndOwnersTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @Autowired
    ApiKeys keys;
    @TempDir
    Path tmp;

    private static String ana;
    private static String bo;
    private static String ops;

    @BeforeEach
    void keys() {
        if (ana == null) {
            ana = keys.issue("ana", false).token();
            bo = keys.issue("bo", false).token();
            ops = keys.issue("ops", true).token();
        }
    }

    private HttpResponse<String> get(String token, String path) {
        return http().send(http().request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    private HttpResponse<String> upload(String token, Path file) throws Exception {
        return http().send(http().request("/v1/images?filename=gps.jpg").header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(file)).build());
    }

    @Test
    void theCameraIsShownAndThePlaceOnlyToTheOwner() throws Exception {
        Path photo = TestImages.jpegWithGps(tmp, 400, 300);
        HttpResponse<String> created = upload(ana, photo);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();

        JsonNode own = Http.json(get(ana, "/v1/images/" + id)).get("exif");
        assertThat(own.get("make").asText()).isEqualTo("Pixflow Test Camera");
        assertThat(own.get("gps").get("latitude").asDouble()).isBetween(55.03, 55.04);
        assertThat(own.get("gps").get("longitude").asDouble()).isBetween(8.45, 8.46);
        assertThat(Http.json(get(ana, "/v1/images?hasGps=true")).get("items")).singleElement()
                .satisfies(i -> assertThat(i.get("exif").has("gps")).isTrue());

        JsonNode asOperator = Http.json(get(ops, "/v1/images?owner=ana")).get("items");
        assertThat(asOperator).singleElement().satisfies(i -> {
            assertThat(i.get("exif").get("make").asText()).isEqualTo("Pixflow Test Camera");
            assertThat(i.get("exif").has("gps")).isFalse();
        });
        HttpResponse<String> someoneElse = get(bo, "/v1/images?owner=ana");
        assertThat(someoneElse.statusCode()).isEqualTo(400);
        assertThat(Http.json(someoneElse).get("field").asText()).isEqualTo("owner");
        assertThat(get(bo, "/v1/images/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theSameBytesFromAnotherOwnerAreAnotherImage() throws Exception {
        Path photo = TestImages.jpeg(tmp, 420, 300);
        String anas = Http.json(upload(ana, photo)).get("id").asText();
        HttpResponse<String> bos = upload(bo, photo);

        assertThat(bos.statusCode()).as(bos.body()).isEqualTo(201);
        assertThat(Http.json(bos).get("id").asText()).isNotEqualTo(anas);
        assertThat(Http.json(bos).has("duplicate")).isFalse();
        assertThat(upload(ana, photo).statusCode()).isEqualTo(200);
    }
}
