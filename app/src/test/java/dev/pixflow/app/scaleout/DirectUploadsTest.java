package dev.pixflow.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.faults.NoisyPhotos;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads on the scale-out engines, their bytes straight to the bucket (s3proxy, which checks every
 * presigned signature) or streamed through Pixflow to S3's own multipart upload, their bookkeeping in
 * PostgreSQL: the image comes out ready with the right owner, nothing of an upload lands on the
 * process's disk, and an object sent whole becomes exactly one image whichever of the owner's complete
 * call and the bucket's event comes first.
 */
@AutoConfigureObservability
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectUploadsTest extends PixflowTestBase {
    private static final Path DATA = newDataDir();
    private static final String NAME = "direct";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PART = 5 * 1024 * 1024;
    /** Noise compresses badly: two parts of at least 5 MiB, as S3 wants every part but the last. */
    private static final Path PHOTO = NoisyPhotos.jpeg(DATA, 3200, 2400, 7);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        ScaleOutServers.all(NAME).forEach((k, v) -> r.add(k, () -> v));
    }

    @Autowired
    ApiKeys keys;
    @Autowired
    Environment env;

    private String ana;
    private String bo;

    @BeforeEach
    void issueKeys() {
        if (ana == null) {
            ana = keys.issue("ana", false).token();
            bo = keys.issue("bo", false).token();
        }
    }

    @Test
    void partsSentStraightToTheBucketBecomeTheOwnersImage() throws Exception {
        byte[] photo = Files.readAllBytes(PHOTO);
        assertThat(photo.length).as("the fixture needs two parts").isGreaterThan(PART);
        double throughPixflow = partsStoredByPixflow();
        JsonNode started = start(ana, "harbour.jpg", photo.length);
        assertThat(started.get("direct").asBoolean()).isTrue();
        String upload = started.get("uploadId").asText();

        List<MultipartClient.Part> parts = new ArrayList<>();
        List<byte[]> pieces = MultipartClient.split(photo, PART);
        for (int n = 1; n <= pieces.size(); n++) {
            JsonNode signed = presignPart(ana, upload, n, pieces.get(n - 1));
            assertThat(URI.create(signed.get("url").asText()).getPort()).as("the bucket, not Pixflow").isNotEqualTo(port);
            assertThat(signed.get("expiresAt").asText()).as("to the millisecond, as every time in an answer")
                    .matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
            Instant expires = Instant.parse(signed.get("expiresAt").asText());
            assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
            HttpResponse<String> put = putDirect(signed, pieces.get(n - 1));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            parts.add(new MultipartClient.Part(n, put.headers().firstValue("ETag").orElseThrow().replace("\"", "")));
        }

        JsonNode progress = Http.json(send(ana, http().request("/v1/uploads/" + upload).GET()));
        assertThat(progress.get("parts")).as("listed by the bucket").hasSize(pieces.size());
        assertThat(progress.get("bytesReceived").asLong()).isEqualTo(photo.length);

        HttpResponse<String> done = complete(ana, upload, parts);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        String id = Http.json(done).get("id").asText();
        JsonNode ready = awaitReady(ana, id);
        assertThat(ready.get("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(photo));
        assertThat(send(bo, http().request("/v1/images/" + id).GET()).statusCode()).as("another owner's").isEqualTo(404);
        assertThat(partsStoredByPixflow()).as("no part went through Pixflow").isEqualTo(throughPixflow);
        assertThat(localFiles()).as("nothing of the upload on the process's disk").isEmpty();
        assertThat(ScaleOutServers.keys(NAME + "-originals")).as("the assembled object is removed once checked")
                .noneMatch(k -> k.startsWith("uploads/"));
    }

    @Test
    void presignedRequestsAreOnlyForTheOwnersOpenUploadWithinTheLimits() throws Exception {
        String upload = start(ana, "limits.jpg", 12_000_000).get("uploadId").asText();
        byte[] part = new byte[1024];

        assertThat(presign(bo, upload, 1, 1024, sha256(part)).statusCode()).as("another owner's upload").isEqualTo(404);
        HttpResponse<String> badNumber = presign(ana, upload, 10_001, 1024, sha256(part));
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(problemType(badNumber)).endsWith("invalid-part-number");
        HttpResponse<String> tooBig = presign(ana, upload, 1, 6L * 1024 * 1024 * 1024, sha256(part));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        HttpResponse<String> pastDeclared = presign(ana, upload, 1, 12_000_001, sha256(part));
        assertThat(pastDeclared.statusCode()).as("one part more than the declared size").isEqualTo(413);
        assertThat(Http.json(pastDeclared).get("detail").asText()).contains("declared");
        HttpResponse<String> noChecksum = send(ana, http().request("/v1/uploads/" + upload + "/parts/1/presign")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"size\": 1024}")));
        assertThat(noChecksum.statusCode()).isEqualTo(400);
        assertThat(Http.json(noChecksum).get("field").asText()).isEqualTo("sha256");

        // The signed request is the part's and no other: another number or length is refused by the bucket.
        JsonNode signed = presignPart(ana, upload, 1, part);
        JsonNode moved = ((com.fasterxml.jackson.databind.node.ObjectNode) signed.deepCopy())
                .put("url", signed.get("url").asText().replace("partNumber=1", "partNumber=2"));
        assertThat(putDirect(moved, part).statusCode()).isEqualTo(403);
        assertThat(putDirect(signed, new byte[2048]).statusCode()).isEqualTo(403);

        assertThat(send(ana, http().request("/v1/uploads/" + upload).DELETE()).statusCode()).isEqualTo(204);
        assertThat(presign(ana, upload, 1, 1024, sha256(part)).statusCode()).as("an aborted upload").isEqualTo(404);
    }

    @Test
    void partsSentThroughPixflowStreamToTheBucketsOwnUpload() throws Exception {
        byte[] photo = Files.readAllBytes(PHOTO);
        String upload = start(ana, "through.jpg", photo.length).get("uploadId").asText();
        List<MultipartClient.Part> parts = new ArrayList<>();
        List<byte[]> pieces = MultipartClient.split(photo, PART);
        for (int n = 1; n <= pieces.size(); n++) {
            HttpResponse<String> put = send(ana, http().request("/v1/uploads/" + upload + "/parts/" + n)
                    .header("x-checksum-sha256", sha256(pieces.get(n - 1)))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(pieces.get(n - 1))));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(localFiles()).as("streamed, not copied to the disk").isEmpty();
            parts.add(new MultipartClient.Part(n, Http.json(put).get("etag").asText()));
        }
        JsonNode progress = Http.json(send(ana, http().request("/v1/uploads/" + upload).GET()));
        assertThat(progress.get("parts")).hasSize(pieces.size());

        HttpResponse<String> done = complete(ana, upload, parts);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(awaitReady(ana, Http.json(done).get("id").asText()).get("sha256").asText())
                .isEqualTo(MultipartClient.sha256Hex(photo));
    }

    @Test
    void anObjectSentWholeIsCompletedByTheCall() throws Exception {
        String upload = sendWhole("by-call.jpg");
        HttpResponse<String> done = completeWhole(ana, upload);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(completeWhole(ana, upload).statusCode()).as("again: the same image").isEqualTo(200);
        assertThat(imagesNamed("by-call.jpg")).hasSize(1);
    }

    @Test
    void anObjectSentWholeIsCompletedByTheBucketsEvent() throws Exception {
        String upload = sendWhole("by-event.jpg");
        notify(upload);
        await().atMost(Duration.ofSeconds(60)).until(() -> imagesNamed("by-event.jpg").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(this::eventsHandled);
        String id = imagesNamed("by-event.jpg").getFirst().get("id").asText();
        awaitReady(ana, id);
        assertThat(send(bo, http().request("/v1/images/" + id).GET()).statusCode()).as("the upload's owner's, no one else's")
                .isEqualTo(404);
        HttpResponse<String> call = completeWhole(ana, upload);
        assertThat(call.statusCode()).as("the call after the event answers its image").isEqualTo(200);
        assertThat(Http.json(call).get("id").asText()).isEqualTo(id);
    }

    @Test
    void anObjectSentWholeBecomesOneImageWhenTheEventFollowsTheCall() throws Exception {
        String upload = sendWhole("call-then-event.jpg");
        assertThat(completeWhole(ana, upload).statusCode()).isEqualTo(201);
        notify(upload);
        notify(upload);
        await().atMost(Duration.ofSeconds(30)).until(this::eventsHandled);
        assertThat(imagesNamed("call-then-event.jpg")).hasSize(1);
    }

    @Test
    void anObjectSentWholeBecomesOneImageWhenCallAndEventRace() throws Exception {
        String upload = sendWhole("race.jpg");
        notify(upload);
        HttpResponse<String> call = completeWhole(ana, upload);
        assertThat(call.statusCode()).as(call.body()).isIn(200, 201);
        await().atMost(Duration.ofSeconds(30)).until(this::eventsHandled);
        assertThat(imagesNamed("race.jpg")).hasSize(1);
        assertThat(imagesNamed("race.jpg").getFirst().get("id").asText()).isEqualTo(Http.json(call).get("id").asText());
    }

    /** Starts an upload and PUTs the whole photo to the bucket with the presigned request Pixflow gives. */
    private String sendWhole(String filename) throws Exception {
        byte[] photo = Files.readAllBytes(NoisyPhotos.jpeg(DATA, 800, 600, filename.hashCode()));
        String upload = start(ana, filename, photo.length).get("uploadId").asText();
        HttpResponse<String> presigned = send(ana, http().request("/v1/uploads/" + upload + "/presign")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sha256\": \"" + sha256(photo) + "\"}")));
        assertThat(presigned.statusCode()).as(presigned.body()).isEqualTo(200);
        HttpResponse<String> put = putDirect(Http.json(presigned), photo);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return upload;
    }

    /** What the bucket sends to its notification queue when the object is created. */
    private void notify(String upload) {
        ScaleOutServers.send(env.getProperty("pixflow.storage.s3.incoming-queue-url"), """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"%s","eventName":"ObjectCreated:Put",
                "s3":{"bucket":{"name":"%s-originals"},"object":{"key":"uploads/%s","size":1,"sequencer":"00AB"}}}]}"""
                .formatted(Instant.now(), NAME, upload));
    }

    private boolean eventsHandled() {
        return ScaleOutServers.queueCount(env.getProperty("pixflow.storage.s3.incoming-queue-url")) == 0;
    }

    private List<JsonNode> imagesNamed(String filename) {
        List<JsonNode> out = new ArrayList<>();
        Http.json(send(ana, http().request("/v1/images?limit=100").GET())).get("items").forEach(i -> {
            if (filename.equals(i.get("filename").asText())) {
                out.add(i);
            }
        });
        return out;
    }

    private JsonNode start(String token, String filename, long size) {
        HttpResponse<String> r = send(token, http().request("/v1/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\": \"%s\", \"contentType\": \"image/jpeg\", \"size\": %d}"
                        .formatted(filename, size))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r);
    }

    private JsonNode presignPart(String token, String upload, int n, byte[] part) throws Exception {
        HttpResponse<String> r = presign(token, upload, n, part.length, sha256(part));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r);
    }

    private HttpResponse<String> presign(String token, String upload, int n, long size, String sha256) {
        return send(token, http().request("/v1/uploads/" + upload + "/parts/" + n + "/presign")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\": %d, \"sha256\": \"%s\"}".formatted(size, sha256))));
    }

    private HttpResponse<String> complete(String token, String upload, List<MultipartClient.Part> parts) throws Exception {
        List<Map<String, Object>> listed = parts.stream().map(p -> Map.<String, Object>of("partNumber", p.number(), "etag", p.etag()))
                .toList();
        return send(token, http().request("/v1/uploads/" + upload + "/complete").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("parts", listed)))));
    }

    private HttpResponse<String> completeWhole(String token, String upload) {
        return send(token, http().request("/v1/uploads/" + upload + "/complete").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    /**
     * As a browser sends it: the presigned URL, the headers it came with, the bytes. On a connection of its
     * own: a server that refuses a request before reading its body closes the connection, and a shared
     * client could send the next PUT on it before seeing the close, which it does not retry.
     */
    private static HttpResponse<String> putDirect(JsonNode signed, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signed.get("url").asText()))
                .method(signed.get("method").asText(), HttpRequest.BodyPublishers.ofByteArray(body));
        signed.get("headers").properties().forEach(h -> request.header(h.getKey(), h.getValue().asText()));
        try (HttpClient browser = HttpClient.newHttpClient()) {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> send(String token, HttpRequest.Builder request) {
        return http().send(request.header("Authorization", "Bearer " + token).build());
    }

    private JsonNode awaitReady(String token, String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                !Http.json(send(token, http().request("/v1/images/" + id).GET())).get("status").asText().equals("processing"));
        JsonNode r = Http.json(send(token, http().request("/v1/images/" + id).GET()));
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ready");
        return r;
    }

    private double partsStoredByPixflow() {
        return http().get("/actuator/prometheus").body().lines().filter(l -> l.startsWith("pixflow_multipart_parts_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<Path> localFiles() throws Exception {
        Path parts = DATA.resolve("parts");
        if (!Files.exists(parts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(parts)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String problemType(HttpResponse<String> r) {
        return Http.json(r).get("type").asText();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
