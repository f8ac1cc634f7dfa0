package dev.pixflow.app.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDN origin mode with API keys issued: records point at the CDN; a private image is a 404 to anyone
 * without its owner's key, unless the URL is signed and unexpired (then 200, 403 when tampered, 410
 * when expired), on {@code /i/} and {@code /t/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrivateImagesAndCdnUrlsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final SigningKey KEY = SigningKey.hex("4f1d2c3b4a596877", "77");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    static final String CDN = "https://img.example.com";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.delivery.keys", () -> "4f1d2c3b4a596877");
        r.add("pixflow.delivery.salts", () -> "77");
        r.add("pixflow.delivery.public-base-url", () -> CDN + "/");
        r.add("pixflow.delivery.signed-url-ttl", () -> "10m");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
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

    private JsonNode upload(String query) throws Exception {
        HttpResponse<String> r = http().send(http().request("/v1/images?allowDuplicate=true&" + query)
                .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, 900, 600))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r);
    }

    private int status(String url) {
        return http().bytes(http().request(url).GET().build()).statusCode();
    }

    /** A URL of a record, asked of this server rather than the CDN in front of it. */
    private static String local(String url) {
        assertThat(url).startsWith(CDN + "/");
        return url.substring(CDN.length());
    }

    @Test
    void recordsOfPublicImagesPointAtTheCdn() throws Exception {
        JsonNode image = upload("visibility=public");
        String id = image.get("id").asText();
        assertThat(image.get("url").asText()).isEqualTo(CDN + "/i/" + id + "/original");
        assertThat(image.get("variants").get("thumb").get("url").asText()).isEqualTo(CDN + "/i/" + id + "/thumb");
        var thumb = http().bytes(http().request(local(image.get("variants").get("thumb").get("url").asText())).GET().build());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(thumb.headers().firstValue("ETag")).isPresent();
        assertThat(thumb.headers().firstValue("Last-Modified")).isPresent();
        assertThat(thumb.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aPrivateImageIsServedOnlyThroughASignedExpiringLink() throws Exception {
        JsonNode image = upload("visibility=private");
        String id = image.get("id").asText();
        assertThat(status("/i/" + id + "/original")).isEqualTo(404);

        // The record hands out signed links that last the configured ten minutes.
        String link = local(image.get("variants").get("thumb").get("url").asText());
        assertThat(link).matches("/i/" + id + "/thumb\\?exp=\\d+&sig=[A-Za-z0-9_-]+");
        assertThat(status(link)).isEqualTo(200);
        assertThat(status(link.replace("/thumb?", "/original?"))).isEqualTo(403);
        assertThat(status(link.replaceFirst("exp=(\\d+)", "exp=9$1"))).isEqualTo(403);

        // A rendition asked for is answered with its link as the record gives it: signed for the owner.
        HttpResponse<String> asked = http().send(http().request("/v1/images/" + id + "/renditions")
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"hero\", \"recipe\": \"w:300,f:webp\"}")).build());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        assertThat(local(Http.json(asked).get("url").asText())).matches("/i/" + id + "/hero\\?exp=\\d+&sig=[A-Za-z0-9_-]+");

        CLOCK.advance(Duration.ofMinutes(11));
        assertThat(status(link)).isEqualTo(410);
        String fresh = new ExpiringLinks(new DeliverySigner(List.of(KEY), CLOCK)).sign("/i/" + id + "/original",
                CLOCK.instant().plusSeconds(60));
        assertThat(status(fresh)).isEqualTo(200);
    }

    @Test
    void anAdminListingAnOwnersPrivateImagesGetsNoSignedLinks() throws Exception {
        String id = upload("visibility=private").get("id").asText();
        String admin = keys.issue("ops", true).token();
        JsonNode listed = Http.json(http().send(http().request("/v1/images?owner=ana")
                .header("Authorization", "Bearer " + admin).GET().build())).get("items");
        JsonNode record = null;
        for (JsonNode item : listed) {
            if (item.get("id").asText().equals(id)) {
                record = item;
            }
        }
        assertThat(record).as("the admin lists it").isNotNull();
        // Its private delivery stays its owner's: the plain URLs, which answer 404.
        assertThat(record.get("url").asText()).isEqualTo(CDN + "/i/" + id + "/original");
        String thumb = record.get("variants").get("thumb").get("url").asText();
        assertThat(thumb).isEqualTo(CDN + "/i/" + id + "/thumb");
        assertThat(status(local(thumb))).isEqualTo(404);
    }

    @Test
    void aPrivateImageThroughTNeedsAnExpiringSignedUrl() throws Exception {
        String id = upload("visibility=private").get("id").asText();
        DeliverySigner signer = new DeliverySigner(List.of(KEY), CLOCK);
        assertThat(status(TransformUrl.signed(signer, "/w:100/" + id))).as("signed, but forever").isEqualTo(404);
        long exp = CLOCK.instant().plusSeconds(60).getEpochSecond();
        assertThat(status(TransformUrl.signed(signer, "/w:100,exp:" + exp + "/" + id))).isEqualTo(200);
        // The owner's key sees it without a signed expiry.
        var owner = http().bytes(http().request(TransformUrl.signed(signer, "/w:100/" + id))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(owner.statusCode()).isEqualTo(200);
    }
}
