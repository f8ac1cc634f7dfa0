package dev.pixflow.app;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of open multipart uploads count toward the owner's storage quota: an owner cannot keep more
 * than the quota in uploads never completed, and the room they hold is not the room of another upload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MultipartQuotaTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final int PART = 64 * 1024;
    static final long QUOTA = 5L * PART + PART / 2;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.multipart.part-size", () -> "64KB");
        r.add("pixflow.multipart.min-part-size", () -> "64KB");
        r.add("pixflow.security.limits.stored-bytes", () -> Long.toString(QUOTA));
    }

    @TempDir
    Path tmp;

    @Test
    void partsHeldByOpenUploadsCountTowardTheQuota() throws Exception {
        MultipartClient mp = new MultipartClient(http());
        String first = mp.started("one.tiff", "image/tiff");
        String second = mp.started("two.tiff", "image/tiff");
        byte[] part = new byte[PART];
        for (int n = 1; n <= 3; n++) {
            mp.stored(first, n, part);
        }
        mp.stored(second, 1, part);
        mp.stored(second, 2, part);

        assertThat(mp.put(second, 2, part).statusCode()).as("a part sent again takes no more room").isEqualTo(200);
        HttpResponse<String> over = mp.put(second, 3, part);
        assertThat(over.statusCode()).as(over.body()).isEqualTo(413);
        assertThat(Http.json(over).get("type").asText()).isEqualTo("urn:pixflow:problem:quota-exceeded");
        assertThat(Http.json(over).get("used").asLong()).as("the five parts held").isEqualTo(5L * PART);
        assertThat(MultipartClient.json(mp.get(second)).get("parts")).as("the refused part is not kept").hasSize(2);

        // The room the parts hold is not there for another upload either.
        Path photo = TestImages.tiff(tmp, 200, 200);
        assertThat(Files.size(photo)).isGreaterThan(QUOTA - 5L * PART);
        HttpResponse<String> upload = http().uploadRaw(photo, "image/tiff", null);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(413);
        assertThat(Http.json(upload).get("type").asText()).isEqualTo("urn:pixflow:problem:quota-exceeded");

        // Aborting one gives its room back.
        assertThat(http().send(http().request("/v1/uploads/" + first).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(mp.put(second, 3, part).statusCode()).isEqualTo(200);
        assertThat(List.of(MultipartClient.json(mp.get(second)).get("parts").size())).containsExactly(3);
    }
}
