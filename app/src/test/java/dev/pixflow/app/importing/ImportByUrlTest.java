package dev.pixflow.app.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Import by URL from a local HTTP server, with the test-only setting that allows loopback: an image
 * comes in exactly as an upload would; what redirects to the metadata service, to a private address
 * or round in circles is refused without following, and SVG or HTML is refused as an upload would be.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportByUrlTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    private static HttpServer origin;
    private static HostileOrigin hostile;
    private static byte[] jpeg;
    private static byte[] withGps;
    private static final CountDownLatch stalled = new CountDownLatch(1);
    /** More than HttpClient's default of five connections to one host. */
    private static final int TOGETHER = 8;
    private static final CountDownLatch together = new CountDownLatch(TOGETHER);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.import.timeout", () -> "2s");
        r.add("pixflow.import.connect-timeout", () -> "1s");
    }

    @BeforeAll
    static void startOrigin() throws IOException {
        Path made = Files.createTempDirectory("pixflow-origin");
        jpeg = Files.readAllBytes(TestImages.jpeg(made, 900, 600));
        withGps = Files.readAllBytes(TestImages.jpegWithGps(made, 300, 200));
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/photos/harbour.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg);
            x.close();
        });
        origin.createContext("/photos/marseille.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, withGps.length);
            x.getResponseBody().write(withGps);
            x.close();
        });
        origin.createContext("/moved", x -> redirect(x, "/photos/harbour.jpg"));
        // What S3 answers for an object put without a type.
        origin.createContext("/bucket/harbour", x -> {
            x.getResponseHeaders().add("Content-Type", "binary/octet-stream");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg);
            x.close();
        });
        origin.createContext("/to-metadata", x -> redirect(x, "http://169.254.169.254/latest/meta-data/"));
        origin.createContext("/to-metadata-v6", x -> redirect(x, "http://[fd00:ec2::254]/latest/meta-data/"));
        origin.createContext("/to-private", x -> redirect(x, "http://10.0.0.7/photo.jpg"));
        origin.createContext("/to-file", x -> redirect(x, "file:///etc/passwd"));
        origin.createContext("/loop", x -> redirect(x, "/loop"));
        origin.createContext("/to-nowhere", x -> redirect(x, "http://exa mple.com/<photo>"));
        origin.createContext("/missing", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        origin.createContext("/drawing.svg", x -> send(x, "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"));
        origin.createContext("/stall.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg, 0, 100);
            x.getResponseBody().flush();
            try {
                stalled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        // Answers only once TOGETHER requests are open at once: imports from one host must not queue.
        origin.createContext("/together.jpg", x -> {
            together.countDown();
            try {
                together.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg);
            x.close();
        });
        origin.createContext("/page.html", x -> send(x, "text/html", "<html><body>not an image</body></html>"));
        origin.start();
        hostile = new HostileOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        stalled.countDown();
        origin.stop(0);
        try {
            hostile.close();
        } catch (IOException ignored) {
            // the test is over
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange x, String to) throws IOException {
        x.getResponseHeaders().add("Location", to);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(com.sun.net.httpserver.HttpExchange x, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private String at(String path) {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + path;
    }

    private HttpResponse<String> importJson(String json) {
        return http().send(http().request("/v1/images").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:" + type);
    }

    @Test
    void anImageByUrlTakesTheUploadsPathAndIsRendered() {
        var r = importJson("{\"url\": \"" + at("/moved") + "\", \"title\": \"Harbour\", \"tags\": [\"sea\"], \"visibility\": \"private\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode record = Http.json(r);
        assertThat(record.get("filename").asText()).isEqualTo("harbour.jpg");
        assertThat(record.get("width").asInt()).isEqualTo(900);
        assertThat(record.get("bytes").asLong()).isEqualTo(jpeg.length);
        assertThat(record.get("title").asText()).isEqualTo("Harbour");
        assertThat(record.get("visibility").asText()).isEqualTo("private");
        assertThat(r.headers().firstValue("Location")).contains("/v1/images/" + record.get("id").asText());
        awaitReady(record.get("id").asText());
    }

    /** The owner's answer says where the photo was taken, as an upload's does. */
    @Test
    void theOwnerSeesWhereAnImportedPhotoWasTaken() {
        var r = importJson("{\"url\": \"" + at("/photos/marseille.jpg") + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode gps = Http.json(r).get("exif").get("gps");
        assertThat(gps.get("latitude").asDouble()).isBetween(55.0, 56.0);
        assertThat(gps.get("longitude").asDouble()).isBetween(8.0, 9.0);
    }

    /** A type that says nothing of the format, as S3 gives an object put without one: the bytes decide. */
    @Test
    void anObjectServedAsBytesOfAnyKindIsTakenForWhatItsBytesAre() {
        var r = importJson("{\"url\": \"" + at("/bucket/harbour") + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Http.json(r).get("format").asText()).isEqualTo("jpeg");
        awaitReady(Http.json(r).get("id").asText());
    }

    /** Several imports from one host at once each get a connection: none waits on another's. */
    @Test
    void importsFromOneHostRunAtOnce() throws Exception {
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = java.util.stream.IntStream.range(0, TOGETHER)
                    .mapToObj(i -> clients.submit(() -> importJson("{\"url\": \"" + at("/together.jpg") + "\"}")))
                    .toList();
            for (var answer : answers) {
                var r = answer.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
        }
    }

    @Test
    void aRedirectToTheMetadataServiceIsRefusedWhateverTheSetting() {
        var r = importJson("{\"url\": \"" + at("/to-metadata") + "\"}");
        assertProblem(r, 400, "url-refused");
        assertThat(Http.json(r).get("reason").asText()).isEqualTo("metadata");
        var v6 = importJson("{\"url\": \"" + at("/to-metadata-v6") + "\"}");
        assertThat(Http.json(v6).get("reason").asText()).isEqualTo("metadata");
        var direct = importJson("{\"url\": \"http://169.254.169.254/latest/meta-data/iam/\"}");
        assertThat(Http.json(direct).get("reason").asText()).isEqualTo("metadata");
    }

    @Test
    void redirectsArecheckedAndCounted() {
        assertThat(Http.json(importJson("{\"url\": \"" + at("/to-private") + "\"}")).get("reason").asText()).isEqualTo("private");
        assertThat(Http.json(importJson("{\"url\": \"" + at("/to-file") + "\"}")).get("reason").asText()).isEqualTo("scheme");
        // A redirect loop, or a Location that is no URL, is the remote's fault: a bad gateway, not a bad request.
        var loop = importJson("{\"url\": \"" + at("/loop") + "\"}");
        assertProblem(loop, 502, "import-failed");
        assertThat(Http.json(loop).get("detail").asText()).contains("redirected more than 5 times");
        assertProblem(importJson("{\"url\": \"" + at("/to-nowhere") + "\"}"), 502, "import-failed");
    }

    /**
     * A name whose DNS servers never answer: the system resolver would wait a minute here (its own
     * retries), past any deadline; the import fails within its connection time, and the lookup's
     * thread is told to give up.
     */
    @Test
    void aNameWhoseDnsNeverAnswersFailsWithinTheConnectionTime() {
        int givenUp = StallingDns.GIVEN_UP.get();
        var r = http().send(http().request("/v1/images").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://photos" + StallingDns.STALLING_DOMAIN + "/harbour.jpg\"}"))
                .build());
        assertProblem(r, 502, "import-failed");
        assertThat(StallingDns.BEGUN.get()).as("the lookup went to the stalling DNS").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> StallingDns.GIVEN_UP.get() > givenUp);
    }

    /** A remote that sends a little and then nothing is cut off at the import's deadline; nothing is kept. */
    @Test
    void aStallingRemoteIsCutOffAtTheDeadline() throws Exception {
        var r = importJson("{\"url\": \"" + at("/stall.jpg") + "\"}");
        assertProblem(r, 502, "import-failed");
        Path spoolDir = DATA.resolve("blobs/tmp");
        if (Files.isDirectory(spoolDir)) {
            try (var spool = Files.list(spoolDir)) {
                assertThat(spool.toList()).as("the partial body is not kept").isEmpty();
            }
        }
    }

    /**
     * The 2 s deadline holds over connect, headers and body together: a remote that keeps every single
     * read under the socket timeout by sending a byte each half second is cut off all the same, and
     * hung up on. The bound is generous; the hostile remote itself would go on for 45 s.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/trickle.jpg", "/trickle-unsized", "/slow-headers.jpg"})
    void aRemoteThatSendsAByteEveryHalfSecondIsCutOffAtTheDeadline(String path) {
        var r = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> importJson("{\"url\": \"" + hostile.url(path) + "\"}"));
        assertProblem(r, 502, "import-failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> hostile.seen(path).importerHungUp);
    }

    @Test
    void svgAndHtmlAreRefusedAsAnUploadWouldBe() {
        assertProblem(importJson("{\"url\": \"" + at("/drawing.svg") + "\"}"), 415, "unsupported-format");
        assertProblem(importJson("{\"url\": \"" + at("/page.html") + "\"}"), 415, "unsupported-format");
        assertProblem(importJson("{\"url\": \"" + at("/missing") + "\"}"), 502, "import-failed");
        assertProblem(importJson("{\"url\": \"" + at("/moved") + "\", \"colour\": \"red\"}"), 400, "invalid-field");
    }
}
