package dev.pixflow.app.importing;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A remote that announces too much, or something that is not an image, is refused on its headers,
 * with the default 30 s deadline in force: the answer comes well before that deadline could explain
 * it, the importer hangs up on the remote instead of reading on, and a remote that sends fast does
 * not get its announced 200 MiB read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportRefusedOnHeadersTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    /** Far under the 30 s deadline, and under the hostile remote's own 45 s. */
    static final Duration BOUND = Duration.ofSeconds(10);
    private static HostileOrigin origin;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
    }

    @BeforeAll
    static void start() throws IOException {
        origin = new HostileOrigin();
    }

    @AfterAll
    static void stop() throws IOException {
        origin.close();
    }

    private HttpResponse<String> importUrl(String url) {
        return assertTimeoutPreemptively(BOUND, () -> http().send(http().request("/v1/images")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}")).build()));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:" + type);
    }

    private static void assertImporterHungUp(String path) {
        await().atMost(BOUND).until(() -> origin.seen(path).importerHungUp);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithoutReadingTheBody() {
        var r = importUrl(origin.url("/huge.jpg"));
        assertProblem(r, 413, "too-large");
        assertThat(r.body()).contains(Long.toString(HostileOrigin.ANNOUNCED));
        assertImporterHungUp("/huge.jpg");
    }

    @Test
    void aTypeNoImageFormatUsesIs415WithoutReadingTheBody() {
        var r = importUrl(origin.url("/page.html"));
        assertProblem(r, 415, "unsupported-format");
        assertImporterHungUp("/page.html");
    }

    @Test
    void aFastRemoteDoesNotGetItsAnnouncedBodyRead() {
        var r = importUrl(origin.url("/fast-huge.jpg"));
        assertProblem(r, 413, "too-large");
        assertImporterHungUp("/fast-huge.jpg");
        // What the socket buffers took before the hang-up, not the 200 MiB announced.
        assertThat(origin.seen("/fast-huge.jpg").bytes.get()).isLessThan(HostileOrigin.ANNOUNCED / 8);
    }

    /**
     * Headers without end, one endless line or endless lines, sent as fast as the importer reads: the
     * fetch fails at once, having taken little, instead of holding it all in memory until the deadline.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/endless-header-line.jpg", "/endless-headers.jpg"})
    void headersWithoutEndFailTheImportAtOnce(String path) {
        var r = importUrl(origin.url(path));
        assertProblem(r, 502, "import-failed");
        assertImporterHungUp(path);
        assertThat(origin.seen(path).bytes.get()).isLessThan(HostileOrigin.ANNOUNCED / 8);
    }
}
