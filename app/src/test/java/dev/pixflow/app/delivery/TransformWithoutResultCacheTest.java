package dev.pixflow.app.delivery;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transformation URLs rendered for each request (no result kept): the same bytes are the same answer,
 * validators included, so a cache's revalidation holds whenever the render ran.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TransformWithoutResultCacheTest extends PixflowTestBase {
    /** Long before the renders' own time: a validator taken from when a render ran would show. */
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-01-15T08:30:00Z"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        Path data = newDataDir();
        r.add("pixflow.data-dir", data::toString);
        r.add("pixflow.delivery.result-cache", () -> "false");
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @TempDir
    Path tmp;

    @Test
    void theSameResultRenderedAgainCarriesTheSameValidatorsDatedByTheImage() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 400, 300), "image/jpeg", null)).get("id").asText();
        String url = "/t/_/w:140,f:webp/" + id;

        HttpResponse<byte[]> first = http().bytes(http().request(url).GET().build());
        HttpResponse<byte[]> second = http().bytes(http().request(url).GET().build());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        String created = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse(record(id).get("createdAt").asText())
                .atOffset(ZoneOffset.UTC));
        assertThat(first.headers().firstValue("Last-Modified")).hasValue(created);
        assertThat(second.headers().firstValue("Last-Modified")).hasValue(created);
        HttpResponse<byte[]> revalidated = http().bytes(http().request(url).header("If-Modified-Since", created).GET().build());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        // A range joins what a client holds only by the ETag, which names these very bytes: another render
        // (another process, another libvips) may give other bytes under the same date.
        HttpResponse<byte[]> byTag = http().bytes(http().request(url).header("Range", "bytes=0-9")
                .header("If-Range", first.headers().firstValue("ETag").orElseThrow()).GET().build());
        assertThat(byTag.statusCode()).isEqualTo(206);
        HttpResponse<byte[]> byDate = http().bytes(http().request(url).header("Range", "bytes=0-9")
                .header("If-Range", created).GET().build());
        assertThat(byDate.statusCode()).as("the whole answer").isEqualTo(200);
    }
}
