package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Outputs;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.VipsImageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Upload, render, deliver, list, edit and delete, end to end over HTTP on the embedded defaults. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class ImageLifecycleTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @TempDir
    Path tmp;

    @Test
    void aJpegBecomesReadyWithThreeVariantsAndIsDeliveredWithCacheHeaders() throws Exception {
        Path jpeg = TestImages.jpeg(tmp, 3000, 2000);
        var created = http().uploadRaw(jpeg, "image/jpeg", "filename=IMG_0001.JPG&title=Harbour&tags=Sea,boats");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode record = Http.json(created);
        String id = record.get("id").asText();
        assertThat(created.headers().firstValue("Location")).contains("/v1/images/" + id);
        assertThat(record.get("filename").asText()).isEqualTo("IMG_0001.JPG");
        assertThat(record.get("title").asText()).isEqualTo("Harbour");
        assertThat(record.get("tags")).extracting(JsonNode::asText).containsExactly("sea", "boats");
        assertThat(record.get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(record.get("width").asInt()).isEqualTo(3000);
        assertThat(record.get("height").asInt()).isEqualTo(2000);
        assertThat(record.get("bytes").asLong()).isEqualTo(Files.size(jpeg));
        assertThat(record.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(jpeg)));

        JsonNode ready = awaitReady(id);
        assertVariant(ready, "thumb", 256, 256, "image/jpeg");
        assertVariant(ready, "medium", 1024, 683, "image/jpeg");
        assertVariant(ready, "large", 2048, 1365, "image/jpeg");

        HttpResponse<byte[]> thumb = http().bytes(http().request("/i/" + id + "/thumb").build());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(thumb.headers().firstValue("Content-Length")).contains(Integer.toString(thumb.body().length));
        assertThat(thumb.headers().firstValue("Cache-Control")).hasValueSatisfying(cc ->
                assertThat(cc).contains("public").contains("max-age=31536000").contains("immutable"));
        assertThat(thumb.headers().firstValue("Last-Modified")).isPresent();
        String etag = thumb.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + sha256(thumb.body()) + "\"");
        Path seenFile = Outputs.save(tmp, thumb.body());
        TestImages.Inspection seen = TestImages.inspect(seenFile);
        assertThat(seen.width()).isEqualTo(256);
        assertThat(seen.height()).isEqualTo(256);
        assertThat(seen.format()).isEqualTo(dev.pixflow.core.media.ImageFormat.JPEG);

        var notModified = http().bytes(http().request("/i/" + id + "/thumb").header("If-None-Match", etag).build());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        var range = http().bytes(http().request("/i/" + id + "/original").header("Range", "bytes=10-109").build());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(jpeg), 10, 110));
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 10-109/" + Files.size(jpeg));

        var original = http().bytes(http().request("/i/" + id + "/original").build());
        assertThat(original.body()).isEqualTo(Files.readAllBytes(jpeg));
        assertThat(original.headers().firstValue("ETag")).contains("\"" + sha256(Files.readAllBytes(jpeg)) + "\"");
    }

    @Test
    void renditionsAreOrientedAndStrippedAndNeverEnlarged() throws Exception {
        // Stored 600x400 with EXIF orientation 6: displayed 400x600, rotated 90 degrees clockwise.
        Path rotated = TestImages.jpegOrientation6(tmp, 600, 400);
        String id = Http.json(http().uploadRaw(rotated, "image/jpeg", null)).get("id").asText();
        JsonNode ready = awaitReady(id);
        assertThat(ready.get("width").asInt()).isEqualTo(400);
        assertThat(ready.get("height").asInt()).isEqualTo(600);
        assertVariant(ready, "large", 400, 600, "image/jpeg");
        assertVariant(ready, "medium", 400, 600, "image/jpeg");

        byte[] large = http().bytes(http().request("/i/" + id + "/large").build()).body();
        Path seenFile = Outputs.save(tmp, large);
        TestImages.Inspection seen = TestImages.inspect(seenFile);
        assertThat(seen.hasExif()).as("metadata stripped").isFalse();
        // The stored top-left quadrant (red) is top-right once turned 90 degrees clockwise.
        assertThat(TestImages.colourAt(seenFile, seen.width() * 3 / 4, seen.height() / 4).isNear(Rgb.RED, 40)).isTrue();
        assertThat(TestImages.colourAt(seenFile, seen.width() / 4, seen.height() / 4).isNear(Rgb.BLUE, 40)).isTrue();
    }

    @Test
    void everyAcceptedFormatUploadsAndRenders() throws Exception {
        record Case(Path file, String type, String format) {
            /** WebP keeps transparency; everything opaque becomes JPEG (libvips' GIF encoder always adds alpha). */
            String variantType() {
                return TestImages.inspect(file).bands() % 2 == 0 ? "image/webp" : "image/jpeg";
            }
        }
        List<Case> cases = List.of(
                new Case(TestImages.png(tmp, 500, 300), "image/png", "png"),
                new Case(TestImages.pngWithAlpha(tmp, 500, 300), "image/png", "png"),
                new Case(TestImages.webp(tmp, 500, 300), "image/webp", "webp"),
                new Case(TestImages.gif(tmp, 500, 300), "image/gif", "gif"),
                new Case(TestImages.tiff(tmp, 500, 300), "image/tiff", "tiff"),
                new Case(TestImages.avif(tmp, 500, 300), "image/avif", "avif"),
                new Case(TestImages.heic(tmp, 500, 300), "image/heic", "heic"));
        assertThat(cases.get(1).variantType()).isEqualTo("image/webp");
        assertThat(cases.get(0).variantType()).isEqualTo("image/jpeg");
        List<String> ids = new ArrayList<>();
        for (Case c : cases) {
            var response = http().uploadRaw(c.file(), c.type(), null);
            assertThat(response.statusCode()).as(c + ": " + response.body()).isEqualTo(201);
            JsonNode r = Http.json(response);
            assertThat(r.get("format").asText()).isEqualTo(c.format());
            ids.add(r.get("id").asText());
        }
        for (int i = 0; i < cases.size(); i++) {
            JsonNode ready = awaitReady(ids.get(i));
            assertVariant(ready, "thumb", 256, 256, cases.get(i).variantType());
            assertVariant(ready, "large", 500, 300, cases.get(i).variantType());
        }
    }

    @Test
    void multipartUploadTakesFieldsAndTheFileName() throws Exception {
        Path png = TestImages.pngWithAlpha(tmp, 800, 600);
        var response = http().uploadMultipart(png, "image/png", "title", "Dice", "description", "Three dice", "tags", "games, render");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode r = Http.json(response);
        assertThat(r.get("filename").asText()).isEqualTo(png.getFileName().toString());
        assertThat(r.get("title").asText()).isEqualTo("Dice");
        assertThat(r.get("description").asText()).isEqualTo("Three dice");
        assertThat(r.get("tags")).extracting(JsonNode::asText).containsExactly("games", "render");
        JsonNode ready = awaitReady(r.get("id").asText());
        assertVariant(ready, "medium", 800, 600, "image/webp");
        byte[] webp = http().bytes(http().request("/i/" + r.get("id").asText() + "/thumb").build()).body();
        assertThat(TestImages.inspect(Outputs.save(tmp, webp)).bands()).as("alpha kept").isEqualTo(4);
    }

    @Test
    void theContentTypesToolsSendAreImageTypes() throws Exception {
        // `file --mime` says "image/jpeg; charset=binary"; S3 tools label unknown bytes binary/octet-stream.
        List<String> types = List.of("image/jpeg; charset=binary", "IMAGE/JPEG", "binary/octet-stream");
        for (String type : types) {
            var created = http().uploadRaw(TestImages.jpeg(tmp, 90 + types.indexOf(type), 31), type, null);
            assertThat(created.statusCode()).as(type + ": " + created.body()).isEqualTo(201);
        }
    }

    @Test
    void rawUploadTakesTheFileNameFromContentDisposition() throws Exception {
        Path jpeg = TestImages.jpeg(tmp, 64, 64);
        var response = http().send(http().request("/v1/images").header("Content-Type", "image/jpeg")
                .header("Content-Disposition", "attachment; filename=\"../../etc/holiday.jpg\"")
                .POST(HttpRequest.BodyPublishers.ofFile(jpeg)).build());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Http.json(response).get("filename").asText()).isEqualTo("holiday.jpg");
    }

    /** A raw body with the checksum it was sent with (a mismatch: BadInputTest). */
    @Test
    void aRawBodyMatchingItsChecksumIsTaken() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(tmp, 74, 54));
        String md5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(jpeg));
        String sha = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(jpeg));
        var byMd5 = http().send(http().request("/v1/images").header("Content-Type", "image/jpeg").header("Content-MD5", md5)
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        assertThat(byMd5.statusCode()).as(byMd5.body()).isEqualTo(201);
        var bySha = http().send(http().request("/v1/images?allowDuplicate=true").header("Content-Type", "image/jpeg")
                .header("x-checksum-sha256", sha).POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        assertThat(bySha.statusCode()).as(bySha.body()).isEqualTo(201);
    }

    /** curl and scripts send a plain filename="..." in UTF-8, which reaches the server as ISO-8859-1 bytes. */
    @Test
    void aFileNameSentInUtf8KeepsItsLetters() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(tmp, 66, 66));
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            java.io.OutputStream out = socket.getOutputStream();
            // HTTP/1.0: the answer comes whole, not in chunks.
            out.write(("POST /v1/images?allowDuplicate=true HTTP/1.0\r\nHost: localhost:" + port + "\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: " + jpeg.length + "\r\nConnection: close\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write("Content-Disposition: attachment; filename=\"från 日本.jpg\"\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(jpeg);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer.lines().findFirst().orElseThrow()).as(answer).contains(" 201");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("filename").asText())
                    .isEqualTo("från 日本.jpg");
        }
        var latin1 = http().send(http().request("/v1/images?allowDuplicate=true").header("Content-Type", "image/jpeg")
                .header("Content-Disposition", "attachment; filename*=UTF-8''fr%C3%A5n.jpg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        assertThat(Http.json(latin1).get("filename").asText()).as("the encoded form, decoded once").isEqualTo("från.jpg");
    }

    @Test
    void listIsNewestFirstWithCursorAndTagFilterAndEditsAndDeleteWork() throws Exception {
        String tag = "album" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path f = TestImages.jpeg(tmp, 40 + i, 40);
            ids.add(Http.json(http().uploadRaw(f, "image/jpeg", "tags=" + tag)).get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Http.json(http().get("/v1/images?limit=2&tag=" + tag + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());

        String id = ids.getFirst();
        var edited = http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"New title\",\"tags\":[\"Kept\"]}")).build());
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(record(id).get("title").asText()).isEqualTo("New title");
        assertThat(record(id).get("tags")).extracting(JsonNode::asText).containsExactly("kept");

        var badEdit = http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"sha256\":\"x\"}")).build());
        assertThat(badEdit.statusCode()).isEqualTo(400);
        assertThat(badEdit.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Http.json(badEdit).get("field").asText()).isEqualTo("sha256");

        awaitReady(id);
        var deleted = http().send(http().request("/v1/images/" + id).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(404);
        assertThat(http().get("/i/" + id + "/thumb").statusCode()).isEqualTo(404);
        assertThat(http().get("/i/" + id + "/original").statusCode()).isEqualTo(404);
        try (Stream<Path> files = Files.walk(DATA.resolve("blobs"))) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.contains(id));
        }
    }

    /** An owner edits the version it read: a change made on an older one is refused (412), nothing lost. */
    @Test
    void aRecordHasAVersionAndAChangeOnAnOlderOneIsRefused() throws Exception {
        Path photo = TestImages.jpeg(tmp, 52, 40);
        var created = http().uploadRaw(photo, "image/jpeg", "title=First");
        assertThat(created.headers().firstValue("ETag")).as("a new record comes with its version").isPresent();
        assertThat(created.headers().firstValue("Last-Modified")).isPresent();
        String id = Http.json(created).get("id").asText();
        awaitReady(id);
        // The same bytes again: the record as it is now, with the version an edit names.
        var again = http().uploadRaw(photo, "image/jpeg", "title=First");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        var read = http().get("/v1/images/" + id);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(read.headers().firstValue("Last-Modified")).isPresent();
        assertThat(read.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        var revalidated = http().send(http().request("/v1/images/" + id).header("If-None-Match", etag).build());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);

        var edited = patch(id, "{\"title\": \"Second\"}", "If-Match", etag);
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        String newer = edited.headers().firstValue("ETag").orElseThrow();
        assertThat(newer).isNotEqualTo(etag);
        assertThat(http().get("/v1/images/" + id).headers().firstValue("ETag")).hasValue(newer);

        var stale = patch(id, "{\"title\": \"Third\"}", "If-Match", etag);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(Http.json(stale).get("type").asText()).isEqualTo("urn:pixflow:problem:precondition-failed");
        assertThat(patch(id, "{\"title\": \"Third\"}", "If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode())
                .isEqualTo(412);
        assertThat(record(id).get("title").asText()).as("neither stale change was made").isEqualTo("Second");
        var staleDelete = http().send(http().request("/v1/images/" + id).header("If-Match", etag).DELETE().build());
        assertThat(staleDelete.statusCode()).isEqualTo(412);
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(200);
        assertThat(http().send(http().request("/v1/images/" + id).header("If-Match", newer).DELETE().build()).statusCode())
                .isEqualTo(204);

        // A blank title or description at upload is none, as an edit that blanks one clears it.
        String untitled = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 56, 40), "image/jpeg", "title=&description=%20"))
                .get("id").asText();
        assertThat(record(untitled).path("title").isMissingNode() || record(untitled).get("title").isNull()).isTrue();
        assertThat(record(untitled).path("description").isMissingNode() || record(untitled).get("description").isNull()).isTrue();

        // A private image's record carries signed links that run out: it is sent whole every time.
        String hidden = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 54, 40), "image/jpeg", "visibility=private")).get("id").asText();
        String hiddenTag = http().get("/v1/images/" + hidden).headers().firstValue("ETag").orElseThrow();
        assertThat(http().send(http().request("/v1/images/" + hidden).header("If-None-Match", hiddenTag).build()).statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> patch(String id, String json, String header, String value) {
        return http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json").header(header, value)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void unknownImagesAndVariantsAreProblems() {
        var noImage = http().get("/i/0190a000-0000-7000-8000-000000000000/thumb");
        assertThat(noImage.statusCode()).isEqualTo(404);
        assertThat(noImage.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(http().get("/v1/images/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownVariantIs404() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 50, 50), "image/jpeg", null)).get("id").asText();
        var response = http().get("/i/" + id + "/huge");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).get("detail").asText()).contains("huge");
    }

    @Test
    void healthAndMetricsAreExposed() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 300, 200), "image/jpeg", null)).get("id").asText();
        awaitReady(id);
        assertThat(Http.json(http().get("/actuator/health")).get("status").asText()).isEqualTo("UP");
        String metrics = http().get("/actuator/prometheus").body();
        assertThat(metrics).contains("pixflow_uploads_total{", "pixflow_upload_bytes_total", "pixflow_jobs_queued_total",
                "pixflow_jobs_done_total", "pixflow_jobs_failed_total", "pixflow_queue_depth", "pixflow_queue_in_flight",
                "pixflow_queue_oldest_age_seconds", "pixflow_render_seconds_count{", "variant=\"thumb\"");
        assertThat(metricValue(metrics, "pixflow_jobs_done_total")).isGreaterThanOrEqualTo(1.0);
        // Counters of what has not happened here (no webhook, no alt text model, no expiry) are there at 0:
        // an alert or a ratio over them needs the series.
        assertThat(metrics).contains("outcome=\"not_an_image\"", "outcome=\"over_quota\"", "pixflow_lifecycle_expired_total",
                "pixflow_lifecycle_orphans_deleted_total{", "pixflow_webhooks_deliveries_total{", "pixflow_alt_text_total{");
        assertThat(metricValue(metrics, "pixflow_webhooks_deliveries_total")).isZero();
        assertThat(metricValue(metrics, "pixflow_alt_text_total")).isZero();
        // Presigned parts exist only on S3 storage, never on this server's disk: only a series made at start is there.
        assertThat(metrics).contains("outcome=\"part-presigned\"} 0.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("# HELP pixflow_jobs_failed_total")))
                .as("one description for both series").singleElement().asString().contains("final=true");
    }

    @Test
    void infoNamesTheBuildTheEngineAndTheJvm() throws Exception {
        JsonNode info = Http.json(http().get("/actuator/info"));
        assertThat(info.at("/build/artifact").asText()).isEqualTo("pixflow-app");
        assertThat(info.at("/build/version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.at("/build/time").isMissingNode()).as("no build time: the same sources make the same jar").isTrue();
        assertThat(info.at("/engine/libvips").asText()).isEqualTo(VipsImageEngine.libraries().libvips());
        assertThat(info.at("/java/version").asText()).isEqualTo(System.getProperty("java.version"));
    }

    static double metricValue(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static void assertVariant(JsonNode record, String name, int width, int height, String type) {
        JsonNode v = record.get("variants").get(name);
        assertThat(v).as(record.toString()).isNotNull();
        assertThat(v.get("status").asText()).isEqualTo("ready");
        assertThat(v.get("width").asInt()).as(name + " width").isEqualTo(width);
        assertThat(v.get("height").asInt()).as(name + " height").isEqualTo(height);
        assertThat(v.get("contentType").asText()).isEqualTo(type);
        assertThat(v.get("bytes").asLong()).isPositive();
        assertThat(v.get("url").asText()).endsWith("/i/" + record.get("id").asText() + "/" + name);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
