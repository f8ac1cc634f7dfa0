package dev.pixflow.app.delivery;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery over cleartext HTTP/2 (h2c), as a proxy or CDN in front speaks it: the JDK's client
 * upgrades the connection, and the answers (from memory, by sendfile, a stored transformation) are the
 * same bytes and headers as over HTTP/1.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Http2DeliveryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        // Files over 2KB go by sendfile, the rest from memory: both ways are asked over h2c.
        r.add("pixflow.delivery.memory-cache-max-entry", () -> "2KB");
    }

    @TempDir
    Path tmp;

    @Test
    void deliveryAnswersOverH2c() throws Exception {
        HttpResponse<String> up = http().uploadRaw(TestImages.png(tmp, 1600, 1200), "image/png", "");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = Http.json(up).get("id").asText();

        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/i/" + id + "/original", "/i/" + id + "/thumb", "/t/_/w:200,f:webp/" + id,
                "/t/_/w:200,f:webp/" + id}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(http().base() + path)).GET().build();
            HttpResponse<byte[]> over2 = h2.send(request, HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> over1 = h1.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(over2.version()).as(path).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(over2.statusCode()).as(path).isEqualTo(200);
            assertThat(over2.body()).as(path).isEqualTo(over1.body());
            assertThat(over2.headers().firstValue("etag")).isEqualTo(over1.headers().firstValue("etag"));
            assertThat(over2.headers().firstValue("cache-control")).isEqualTo(over1.headers().firstValue("cache-control"));
        }
    }
}
