package dev.pixflow.app.delivery;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pixflow.delivery.original-metadata=as-uploaded}: an archive serves every original as it came, to anyone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OriginalsAsUploadedTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.delivery.original-metadata", () -> "as-uploaded");
    }

    @TempDir
    Path tmp;

    @Test
    void anyoneGetsTheFileAsUploaded() throws Exception {
        Path photo = GpsPhotos.jpeg(TestImages.jpeg(tmp, 640, 480), tmp);
        HttpResponse<String> up = http().send(http().request("/v1/images").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(photo)).build());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = Http.json(up).get("id").asText();

        HttpResponse<byte[]> r = http().bytes(http().request("/i/" + id + "/original").GET().build());

        assertThat(r.body()).isEqualTo(Files.readAllBytes(photo));
        assertThat(GpsPhotos.gps(Files.write(tmp.resolve("got.jpg"), r.body()))).isNotNull();
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(r.headers().firstValue("Vary")).isEmpty();
    }
}
