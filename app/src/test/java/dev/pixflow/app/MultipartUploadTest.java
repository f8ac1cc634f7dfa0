package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.MultipartClient.Part;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multipart API over HTTP against a real server, with S3's rules at small sizes (64 KiB minimum
 * parts, 256 KiB maximum) so every case runs in moments. The worker is off: these tests are about
 * what is stored, not rendered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MultipartUploadTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final int PART = 64 * 1024;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.multipart.part-size", () -> "64KB");
        r.add("pixflow.multipart.min-part-size", () -> "64KB");
        r.add("pixflow.multipart.max-part-size", () -> "256KB");
        r.add("pixflow.multipart.max-bytes", () -> "4MB");
    }

    @TempDir
    Path tmp;
    private MultipartClient mp;
    private Path image;
    private byte[] bytes;

    @BeforeEach
    void setUp() throws Exception {
        mp = new MultipartClient(http());
        // An uncompressed TIFF: a real image big enough for a dozen 64 KiB parts.
        image = TestImages.tiff(tmp, 640, 400);
        bytes = Files.readAllBytes(image);
        assertThat(bytes.length).isGreaterThan(10 * PART);
    }

    @Test
    void partsSentInAnyOrderMakeTheImageTheSyncUploadWouldMake() throws Exception {
        String id = mp.started("harbour.tiff", "image/tiff");
        List<byte[]> parts = MultipartClient.split(bytes, PART);
        String[] etags = new String[parts.size()];
        for (int n = parts.size(); n >= 1; n--) { // last first
            etags[n - 1] = mp.stored(id, n, parts.get(n - 1));
            assertThat(etags[n - 1]).isEqualTo(MultipartClient.md5Hex(parts.get(n - 1)));
        }
        JsonNode listed = MultipartClient.json(mp.get(id));
        assertThat(listed.get("parts")).extracting(p -> p.get("partNumber").asInt())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, parts.size()).boxed().toList());
        assertThat(listed.get("bytesReceived").asLong()).isEqualTo(bytes.length);

        HttpResponse<String> done = mp.complete(id, all(etags));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        JsonNode record = MultipartClient.json(done);
        assertThat(record.get("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(bytes));
        assertThat(record.get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(record.get("filename").asText()).isEqualTo("harbour.tiff");
        assertThat(done.headers().firstValue("Location")).contains("/v1/images/" + record.get("id").asText());
        assertThat(done.headers().firstValue("ETag")).as("the record comes with its version, as an upload's does").isPresent();

        // The same document the synchronous upload gives, and the record the catalogue holds.
        JsonNode sync = Http.json(http().uploadRaw(image, "image/tiff", "filename=harbour.tiff&allowDuplicate=true"));
        assertThat(fieldNames(record)).isEqualTo(fieldNames(sync));
        for (String same : List.of("status", "contentType", "format", "bytes", "width", "height", "sha256")) {
            assertThat(record.get(same)).as(same).isEqualTo(sync.get(same));
        }
        assertThat(record(record.get("id").asText())).isEqualTo(record);

        // The parts are gone; a complete repeated after a lost response answers with the same image.
        assertThat(partFiles(id)).isEmpty();
        HttpResponse<String> again = mp.complete(id, all(etags));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(MultipartClient.json(again).get("id")).isEqualTo(record.get("id"));
        assertThat(MultipartClient.json(mp.get(id)).get("state").asText()).isEqualTo("completed");
    }

    @Test
    void theCompletedRecordShowsItsOwnerWhereThePhotoWasTaken() throws Exception {
        byte[] photo = Files.readAllBytes(TestImages.jpegWithGps(tmp, 400, 300));
        String id = mp.started("gps.jpg", "image/jpeg");
        HttpResponse<String> done = mp.complete(id, List.of(new MultipartClient.Part(1, mp.stored(id, 1, photo))));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        JsonNode record = MultipartClient.json(done);
        assertThat(record.get("exif").get("gps").get("latitude").asDouble()).isBetween(55.03, 55.04);
        assertThat(record(record.get("id").asText())).isEqualTo(record);
        assertThat(MultipartClient.json(mp.complete(id, List.of(new MultipartClient.Part(1, MultipartClient.md5Hex(photo))))))
                .as("the answer to a complete repeated").isEqualTo(record);
    }

    @Test
    void aResentPartReplacesTheEarlierOne() {
        String id = mp.started("resent.tiff", "image/tiff");
        List<byte[]> parts = MultipartClient.split(bytes, PART);
        String[] etags = sendAll(id, parts);
        byte[] garbage = new byte[parts.get(0).length];
        String old = mp.stored(id, 1, garbage);
        String fresh = mp.stored(id, 1, parts.get(0));
        assertThat(fresh).isEqualTo(etags[0]).isNotEqualTo(old);
        JsonNode listed = MultipartClient.json(mp.get(id));
        assertThat(listed.get("parts")).hasSize(parts.size());
        assertThat(listed.get("parts").get(0).get("etag").asText()).isEqualTo(fresh);
        assertThat(partFiles(id)).as("the replaced bytes are deleted").hasSize(parts.size());

        String[] withOld = etags.clone();
        withOld[0] = old;
        assertProblem(mp.complete(id, all(withOld)), 400, "invalid-part");
        HttpResponse<String> done = mp.complete(id, all(etags));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(MultipartClient.json(done).get("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(bytes));
    }

    @Test
    void aMissingPartIsRefusedAndTheUploadStaysOpen() {
        String id = mp.started("gap.tiff", "image/tiff");
        List<byte[]> parts = MultipartClient.split(bytes, PART);
        String[] etags = new String[parts.size()];
        for (int n = 1; n <= parts.size(); n++) {
            if (n != 3) {
                etags[n - 1] = mp.stored(id, n, parts.get(n - 1));
            }
        }
        etags[2] = MultipartClient.md5Hex(parts.get(2));
        assertProblem(mp.complete(id, all(etags)), 400, "invalid-part");
        assertThat(MultipartClient.json(mp.get(id)).get("state").asText()).isEqualTo("open");
        // Resuming: the missing part, then complete.
        mp.stored(id, 3, parts.get(2));
        assertThat(mp.complete(id, all(etags)).statusCode()).isEqualTo(201);
    }

    @Test
    void aWrongEtagIsRefused() {
        String id = mp.started("etag.tiff", "image/tiff");
        String[] etags = sendAll(id, MultipartClient.split(bytes, PART));
        etags[4] = "0123456789abcdef0123456789abcdef";
        int before = imagesBefore();
        assertProblem(mp.complete(id, all(etags)), 400, "invalid-part");
        assertThat(imagesBefore()).isEqualTo(before);
        assertThat(MultipartClient.json(mp.get(id)).get("state").asText()).isEqualTo("open");
    }

    @Test
    void quotedEtagsAsS3ClientsSendThemAreAccepted() {
        String id = mp.started("quoted.tiff", "image/tiff");
        String[] etags = sendAll(id, MultipartClient.split(bytes, PART));
        List<Part> quoted = IntStream.range(0, etags.length).mapToObj(i -> new Part(i + 1, "\"" + etags[i].toUpperCase() + "\"")).toList();
        assertThat(mp.complete(id, quoted).statusCode()).isEqualTo(201);
    }

    @Test
    void aTooSmallMiddlePartIsRefused() {
        String id = mp.started("small.tiff", "image/tiff");
        int small = 1000;
        List<byte[]> parts = new ArrayList<>();
        parts.add(java.util.Arrays.copyOfRange(bytes, 0, PART));
        parts.add(java.util.Arrays.copyOfRange(bytes, PART, PART + small));
        parts.addAll(MultipartClient.split(java.util.Arrays.copyOfRange(bytes, PART + small, bytes.length), 4 * PART));
        assertProblem(mp.complete(id, all(sendAll(id, parts))), 400, "part-too-small");
    }

    private HttpResponse<String> presign(String uploadId, String json) {
        return http().send(http().request("/v1/uploads/" + uploadId + "/parts/1/presign").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void aListOutOfOrderIsRefused() {
        String id = mp.started("order.tiff", "image/tiff");
        String[] etags = sendAll(id, MultipartClient.split(bytes, PART));
        String expires = MultipartClient.json(mp.get(id)).get("expiresAt").asText();
        List<Part> list = new ArrayList<>(all(etags));
        java.util.Collections.swap(list, 1, 2);
        assertProblem(mp.complete(id, list), 400, "invalid-part-order");
        assertProblem(mp.complete(id, List.of()), 400, "invalid-part-order");
        assertProblem(mp.complete(id, List.of(new Part(0, etags[0]))), 400, "invalid-part-number");
        assertProblem(mp.complete(id, "{\"parts\": [{\"partNumber\": 99999999999, \"etag\": \"" + etags[0] + "\"}]}"),
                400, "invalid-part-number");
        HttpResponse<String> longEtag = mp.complete(id, List.of(new Part(1, "x".repeat(5000))));
        assertProblem(longEtag, 400, "invalid-part");
        assertThat(MultipartClient.json(longEtag).get("detail").asText()).hasSizeLessThan(300);
        // A misspelt or unknown field is named, not taken for no parts at all.
        String parts = "[{\"partNumber\": 1, \"etag\": \"" + etags[0] + "\"}]";
        assertThat(MultipartClient.json(mp.complete(id, "{\"partz\": " + parts + "}")).get("field").asText()).isEqualTo("partz");
        assertThat(MultipartClient.json(mp.complete(id, "{\"parts\": " + parts + ", \"foo\": 1}")).get("field").asText()).isEqualTo("foo");
        assertThat(MultipartClient.json(mp.get(id)).get("state").asText()).as("still open").isEqualTo("open");
        assertThat(MultipartClient.json(mp.get(id)).get("expiresAt").asText()).as("failed completes keep it no longer")
                .isEqualTo(expires);
    }

    @Test
    void anOversizePartIsCutOffAndNotStored() {
        String id = mp.started("big.tiff", "image/tiff");
        assertProblem(mp.put(id, 1, new byte[256 * 1024 + 1]), 413, "too-large");
        assertThat(MultipartClient.json(mp.get(id)).get("parts")).isEmpty();
        assertThat(partFiles(id)).isEmpty();
        assertThat(mp.put(id, 1, new byte[256 * 1024]).statusCode()).isEqualTo(200);
    }

    @Test
    void abortDeletesThePartsAtOnce() {
        String id = mp.started("abort.tiff", "image/tiff");
        sendAll(id, MultipartClient.split(bytes, PART));
        assertThat(partFiles(id)).isNotEmpty();
        assertThat(mp.abort(id).statusCode()).isEqualTo(204);
        assertThat(Files.exists(DATA.resolve("parts").resolve(id))).isFalse();
        assertProblem(mp.get(id), 404, "not-found");
        assertProblem(mp.put(id, 1, new byte[10]), 404, "not-found");
        assertProblem(mp.complete(id, List.of(new Part(1, "x"))), 404, "not-found");
        assertProblem(mp.abort(id), 404, "not-found");
    }

    @Test
    void partsUploadedConcurrentlyAllLand() throws Exception {
        String id = mp.started("parallel.tiff", "image/tiff");
        List<byte[]> parts = MultipartClient.split(bytes, PART);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parts.size())) {
            for (int i = 0; i < parts.size(); i++) {
                int n = i + 1;
                sent.add(pool.submit(() -> {
                    go.await();
                    return mp.stored(id, n, parts.get(n - 1));
                }));
            }
            go.countDown();
            String[] etags = new String[parts.size()];
            for (int i = 0; i < etags.length; i++) {
                etags[i] = sent.get(i).get();
            }
            assertThat(MultipartClient.json(mp.get(id)).get("parts")).hasSize(parts.size());
            HttpResponse<String> done = mp.complete(id, all(etags));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
            assertThat(MultipartClient.json(done).get("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(bytes));
        }
    }

    @Test
    void aPartCorruptedOnTheWayIsCaughtByItsChecksum() {
        String id = mp.started("corrupt.tiff", "image/tiff");
        byte[] part = java.util.Arrays.copyOfRange(bytes, 0, PART);
        String md5 = Base64.getEncoder().encodeToString(MultipartClient.digest("MD5", part));
        String sha = Base64.getEncoder().encodeToString(MultipartClient.digest("SHA-256", part));
        byte[] corrupted = part.clone();
        corrupted[PART / 2] ^= 0x01;
        assertProblem(mp.put(id, 1, corrupted, "Content-MD5", md5), 400, "checksum-mismatch");
        assertProblem(mp.put(id, 1, corrupted, "x-checksum-sha256", sha), 400, "checksum-mismatch");
        assertThat(MultipartClient.json(mp.get(id)).get("parts")).isEmpty();
        assertThat(partFiles(id)).isEmpty();
        assertThat(mp.put(id, 1, part, "Content-MD5", md5).statusCode()).isEqualTo(200);
        assertThat(mp.put(id, 2, part, "x-checksum-sha256", sha).statusCode()).isEqualTo(200);
        assertProblem(mp.put(id, 3, part, "Content-MD5", "not base64!"), 400, "invalid-field");
        // Two of one checksum: the one checked would depend on their order.
        String other = Base64.getEncoder().encodeToString(MultipartClient.digest("MD5", corrupted));
        assertProblem(mp.put(id, 3, part, "Content-MD5", md5, "Content-MD5", other), 400, "invalid-field");
        assertProblem(mp.put(id, 3, part, "x-checksum-sha256", sha, "x-checksum-sha256", sha), 400, "invalid-field");
    }

    @Test
    void aNonImageIsRefusedAtCompleteAndItsPartsGo() {
        String id = mp.started("notes.tiff", "image/tiff");
        byte[] text = "these are not pixels; ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        String[] etags = sendAll(id, MultipartClient.split(text, PART));
        int before = imagesBefore();
        assertProblem(mp.complete(id, all(etags)), 422, "not-an-image");
        assertProblem(mp.get(id), 404, "not-found");
        assertThat(Files.exists(DATA.resolve("parts").resolve(id))).isFalse();
        assertThat(imagesBefore()).isEqualTo(before);
    }

    @Test
    void aDeclaredTypeOtherThanTheBytesIsRefusedAtCompleteAsTheSyncUploadRefusesIt() {
        String id = mp.started("liar.png", "image/png");
        String[] etags = sendAll(id, MultipartClient.split(bytes, PART));
        assertProblem(mp.complete(id, all(etags)), 415, "type-mismatch");
        assertProblem(mp.get(id), 404, "not-found");
    }

    @Test
    void whatTheDeclarationAloneShowsIsRefusedAtStart() {
        assertProblem(mp.start(Map.of("filename", "doc.pdf", "contentType", "application/pdf")), 415, "unsupported-format");
        assertProblem(mp.start(Map.of("filename", "huge.tiff", "contentType", "image/tiff", "size", 4L * 1024 * 1024 + 1)), 413, "too-large");
        assertProblem(mp.start(Map.of("filename", "x.tiff", "colour", "red")), 400, "invalid-field");
        assertProblem(mp.start(Map.of("filename", "x.tiff", "tags", List.of("ok", "no/slash"))), 400, "invalid-field");
        assertProblem(mp.start(Map.of("filename", "x.tiff", "contentType", "image/tiff", "size", 100.0)), 400, "invalid-field");
    }

    @Test
    void theDeclaredSizeMustMatchThePartsAndShapesThePartSize() {
        HttpResponse<String> r = mp.start(Map.of("filename", "sized.tiff", "contentType", "image/tiff", "size", bytes.length + 1));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode started = MultipartClient.json(r);
        assertThat(started.get("partSize").asLong()).isEqualTo(PART);
        assertThat(started.get("minPartSize").asLong()).isEqualTo(PART);
        assertThat(started.get("maxParts").asInt()).isEqualTo(10_000);
        assertThat(started.get("expiresAt").asText()).isNotBlank();
        String id = started.get("uploadId").asText();
        assertProblem(mp.complete(id, all(sendAll(id, MultipartClient.split(bytes, PART)))), 400, "size-mismatch");
    }

    /** Parts are refused as they come once they would hold more than the size declared at the start. */
    @Test
    void partsPastTheDeclaredSizeAreRefusedAsTheyCome() {
        HttpResponse<String> r = mp.start(Map.of("filename", "sized.tiff", "contentType", "image/tiff", "size", PART + 1000));
        String id = MultipartClient.json(r).get("uploadId").asText();
        assertProblem(mp.put(id, 1, new byte[PART + 1001]), 413, "too-large");
        assertThat(mp.put(id, 1, new byte[PART]).statusCode()).isEqualTo(200);
        HttpResponse<String> past = mp.put(id, 2, new byte[1001]);
        assertProblem(past, 413, "too-large");
        assertThat(MultipartClient.json(past).get("detail").asText()).contains("declared");
        assertThat(mp.put(id, 2, new byte[1000]).statusCode()).isEqualTo(200);
        assertThat(MultipartClient.json(mp.get(id)).get("parts")).hasSize(2);
        assertThat(partFiles(id)).hasSize(2);
    }

    @Test
    void unknownUploadsAndBadPartNumbers() {
        String unknown = "019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
        assertProblem(mp.get(unknown), 404, "not-found");
        assertProblem(mp.get("not-an-id"), 404, "not-found");
        assertProblem(mp.put(unknown, 1, new byte[10]), 404, "not-found");
        assertProblem(mp.abort(unknown), 404, "not-found");
        String id = mp.started("numbers.tiff", "image/tiff");
        // Presigning: an unknown upload is unknown here as anywhere; a known one learns this server does not presign.
        String presign = "{\"size\": 10, \"sha256\": \"" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
        assertProblem(presign(unknown, presign), 404, "not-found");
        assertProblem(presign(id, presign), 409, "direct-uploads-unavailable");
        assertProblem(presign(id, "{}"), 409, "direct-uploads-unavailable");
        assertProblem(presign(unknown, "{}"), 404, "not-found");
        assertProblem(mp.put(id, 0, new byte[10]), 400, "invalid-part-number");
        assertProblem(mp.put(id, 10_001, new byte[10]), 400, "invalid-part-number");
        for (String written : List.of("01", "+2", "1.0")) {
            assertProblem(http().send(http().request("/v1/uploads/" + id + "/parts/" + written)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build()), 400, "invalid-part-number");
        }
        assertProblem(mp.put(id, 1, new byte[0]), 400, "empty-body");
        assertProblem(mp.put(id, 1, new byte[10], "Content-Encoding", "gzip"), 415, "unsupported-format");
        assertThat(MultipartClient.json(mp.get(id)).get("parts")).isEmpty();
        // A part's Content-Type says nothing of it: one that reads as a form is still its bytes.
        byte[] looksLikeAForm = "--b\r\nnot a form\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpResponse<String> formLike = mp.put(id, 1, looksLikeAForm, "Content-Type", "multipart/form-data; boundary=b");
        assertThat(formLike.statusCode()).as(formLike.body()).isEqualTo(200);
        assertThat(MultipartClient.json(mp.get(id)).get("parts").get(0).get("size").asLong()).isEqualTo(looksLikeAForm.length);
    }

    private String[] sendAll(String id, List<byte[]> parts) {
        String[] etags = new String[parts.size()];
        for (int n = 1; n <= parts.size(); n++) {
            etags[n - 1] = mp.stored(id, n, parts.get(n - 1));
        }
        return etags;
    }

    private static List<Part> all(String[] etags) {
        return IntStream.range(0, etags.length).mapToObj(i -> new Part(i + 1, etags[i])).toList();
    }

    private int imagesBefore() {
        return Http.json(http().get("/v1/images?limit=100")).get("items").size();
    }

    private static List<Path> partFiles(String uploadId) {
        Path dir = DATA.resolve("parts").resolve(uploadId);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:" + type);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
