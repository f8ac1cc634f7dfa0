package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.port.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad upload gets its problem response, and none leaves a record, a job, a blob or a
 * temporary file behind. The worker is off here so the queue can be checked exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final int LIMIT = 2 * 1024 * 1024;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.upload.max-bytes", () -> Integer.toString(LIMIT));
        r.add("pixflow.upload.max-pixels", () -> "50000000");
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @Autowired
    JobQueue queue;

    @TempDir
    Path tmp;

    @AfterEach
    void nothingWasKept() throws Exception {
        assertThat(Http.json(http().get("/v1/images")).get("items")).isEmpty();
        assertThat(queue.stats().depth()).isZero();
        try (Stream<Path> files = Files.walk(DATA.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        assertThat(Http.json(http().get("/actuator/health")).get("status").asText()).isEqualTo("UP");
    }

    /** A 400 invalid-field problem naming {@code field}. */
    private void assertInvalidField(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid-field");
        assertThat(Http.json(response).get("field").asText()).isEqualTo(field);
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().allValues("Cache-Control")).as("a refusal is kept by no one").containsExactly("no-store");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @Test
    void notAnImage() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.jpg"), "these are not pixels ".repeat(100));
        assertProblem(http().uploadRaw(text, "image/jpeg", null), 422, "not-an-image");
        assertProblem(http().uploadRaw(text, "application/octet-stream", null), 422, "not-an-image");
    }

    @Test
    void truncated() throws Exception {
        assertProblem(http().uploadRaw(TestImages.truncatedJpeg(tmp, 800, 600), "image/jpeg", null), 422, "corrupt-image");
    }

    @Test
    void emptyBody() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.jpg"));
        assertProblem(http().uploadRaw(empty, "image/jpeg", null), 400, "empty-body");
    }

    @Test
    void contentTypeThatDoesNotMatchTheBytes() throws Exception {
        assertProblem(http().uploadRaw(TestImages.png(tmp, 40, 40), "image/jpeg", null), 415, "type-mismatch");
    }

    @Test
    void nonImageContentTypes() throws Exception {
        Path jpeg = TestImages.jpeg(tmp, 40, 40);
        assertProblem(http().uploadRaw(jpeg, "text/plain", null), 415, "unsupported-format");
        assertProblem(http().uploadRaw(jpeg, "application/x-www-form-urlencoded", null), 415, "unsupported-format");
        var coded = http().send(http().request("/v1/images").header("Content-Type", "image/jpeg").header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofFile(jpeg)).build());
        assertProblem(coded, 415, "unsupported-format");
        assertThat(Http.json(coded).get("detail").asText()).contains("Content-Encoding br");
        assertProblem(http().send(http().request("/v1/images").POST(HttpRequest.BodyPublishers.ofFile(jpeg)).build()),
                415, "unsupported-format");
        assertProblem(http().uploadRaw(jpeg, "image", null), 415, "unsupported-format");
    }

    @Test
    void unsupportedFormats() throws Exception {
        Path svg = Files.writeString(tmp.resolve("x.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>");
        assertProblem(http().uploadRaw(svg, "image/svg+xml", null), 415, "unsupported-format");
        assertProblem(http().uploadRaw(svg, "application/octet-stream", null), 415, "unsupported-format");
        Path ppm = TestImages.ppm(tmp);
        assertProblem(http().uploadRaw(ppm, "application/octet-stream", null), 415, "unsupported-format");
    }

    @Test
    void pixelBombIsRefusedFromItsHeader() throws Exception {
        assertProblem(http().uploadRaw(TestImages.pngPixelBomb(tmp, 30000, 30000), "image/png", null), 422, "too-many-pixels");
    }

    @Test
    void oversizeBodiesWithAndWithoutContentLength() throws Exception {
        byte[] big = new byte[LIMIT + 1];
        assertProblem(http().send(http().request("/v1/images").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build()), 413, "too-large");
        // Chunked: no length up front, so the limit has to be enforced while streaming.
        assertProblem(http().send(http().request("/v1/images").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build()), 413, "too-large");
        Path bigFile = Files.write(tmp.resolve("big.jpg"), big);
        assertProblem(http().uploadMultipart(bigFile, "image/jpeg"), 413, "too-large");
    }

    @Test
    void multipartWithoutAFilePart() {
        assertInvalidField(postForm("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--b--\r\n"), "file");
    }

    @Test
    void aRawBodyThatDiffersFromItsChecksumIsRefusedAndNothingKept() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(tmp, 72, 52));
        String md5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(jpeg));
        String otherMd5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(new byte[1]));
        var wrong = http().send(http().request("/v1/images").header("Content-Type", "image/jpeg").header("Content-MD5", otherMd5)
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        assertProblem(wrong, 400, "checksum-mismatch");
        assertThat(Http.json(http().get("/v1/images?limit=100")).get("items")).as("nothing kept").isEmpty();

        assertInvalidField(http().send(http().request("/v1/images").header("Content-Type", "image/jpeg").header("Content-MD5", "nope")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build()), "Content-MD5");
        String form = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        byte[] formBody = concat(form.getBytes(StandardCharsets.UTF_8), jpeg, "\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
        assertInvalidField(http().send(http().request("/v1/images").header("Content-Type", "multipart/form-data; boundary=b")
                .header("Content-MD5", md5).POST(HttpRequest.BodyPublishers.ofByteArray(formBody)).build()), "Content-MD5");
    }

    @Test
    void aFilePartWithoutItsFilenameIsSaidSo() {
        var response = postForm("--b\r\nContent-Disposition: form-data; name=\"file\"\r\nContent-Type: image/jpeg\r\n\r\nxyz\r\n--b--\r\n");
        assertInvalidField(response, "file");
        assertThat(Http.json(response).get("detail").asText()).contains("came as a field, not a file").contains("filename=");
    }

    @Test
    void badMetadataAndQueryParameters() throws Exception {
        Path jpeg = TestImages.jpeg(tmp, 40, 40);
        var badTag = http().uploadRaw(jpeg, "image/jpeg", "tags=%3Cscript%3E");
        assertInvalidField(badTag, "tags");
        // A NUL (which PostgreSQL cannot store) or an escape in a title; a word longer than any indexed.
        assertInvalidField(http().uploadRaw(jpeg, "image/jpeg", "title=nul%00here"), "title");
        assertInvalidField(http().uploadRaw(jpeg, "image/jpeg", "description=esc%1B"), "description");
        assertInvalidField(http().get("/v1/images?q=harbour+" + "z".repeat(101)), "q");
        var badCursor = http().get("/v1/images?cursor=nonsense");
        assertInvalidField(badCursor, "cursor");
        assertProblem(http().get("/v1/images?limit=1000"), 400, "invalid-field");
        // A parameter the operation does not take is named, not passed over.
        for (String[] unknown : new String[][]{{"/v1/tags?limt=5", "limt"}, {"/v1/admin/stats?dayz=3", "dayz"},
                {"/v1/images/0190a000-0000-7000-8000-999999999999?verbose=1", "verbose"}}) {
            var refused = http().get(unknown[0]);
            assertInvalidField(refused, unknown[1]);
        }
        assertThat(http().get("/v1/tags?limit=5").statusCode()).isEqualTo(200);
        // Nor is a second value of a parameter taken once.
        assertInvalidField(http().get("/v1/tags?limit=2&limit=3"), "limit");
        assertInvalidField(http().get("/v1/admin/stats?days=3&days=4"), "days");
        // Bulk tagging's path takes POST only: another method is refused as one, not taken as an image id.
        for (String method : List.of("GET", "DELETE")) {
            var wrong = http().send(http().request("/v1/images/tags").method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertProblem(wrong, 405, "method-not-allowed");
            assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
        }
        // An empty tag filter (a client's unset variable) is refused, not a listing of everything.
        assertInvalidField(http().get("/v1/images?tag="), "tag");
        assertInvalidField(http().get("/v1/images?q=%20%20"), "q");
        assertInvalidField(http().get("/v1/images?tag=,"), "tag");
        assertInvalidField(http().get("/v1/images?tag=%3Cb%3E"), "tag");
        var inverted = http().get("/v1/images?from=2026-02-01&to=2026-01-01");
        assertInvalidField(inverted, "to");
        assertThat(http().get("/v1/images?takenFrom=2026-01-01&takenTo=2026-01-01").statusCode()).as("one whole day").isEqualTo(200);
        assertThat(http().get("/v1/images?limit=abc").statusCode()).isEqualTo(400);
        // Percent-encoding that does not decode (java.net.URI will not even send it: a raw request does).
        byte[] bytes = Files.readAllBytes(jpeg);
        for (String[] broken : new String[][]{{"title=%zz", "title"}, {"filename=%", "filename"}, {"tags=a%2", "tags"}}) {
            String answer = raw("POST /v1/images?" + broken[0] + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes, new byte[0]);
            assertThat(answer).as(broken[0]).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("urn:pixflow:problem:invalid-field").contains("\"field\":\"" + broken[1] + "\"");
        }
        // A search whose filter does not decode is refused, not answered with every image.
        String search = raw("GET /v1/images?q=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                new byte[0], new byte[0]);
        assertThat(search).startsWith("HTTP/1.1 400").contains("urn:pixflow:problem:invalid-field")
                .contains("\"field\":\"query\"");
        // An operation sent a JSON body checks its query as those without a body do, before anything else.
        String id = "0190a000-0000-7000-8000-999999999999";
        byte[] patch = "{\"title\": \"Changed\"}".getBytes(StandardCharsets.UTF_8);
        for (String[] refused : new String[][]{{"PATCH /v1/images/" + id + "?foo=1", "foo"}, {"PATCH /v1/images/" + id + "?foo=%zz", "query"},
                {"POST /v1/images/" + id + "/renditions?foo=1", "foo"}, {"POST /v1/images/tags?x=1", "x"}}) {
            String answer = raw(refused[0] + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + patch.length + "\r\nConnection: close\r\n\r\n", patch, new byte[0]);
            assertThat(answer).as(refused[0]).startsWith("HTTP/1.1 400").contains("\"field\":\"" + refused[1] + "\"");
        }
        assertInvalidField(http().send(http().request("/v1/images/tags").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\": [\"" + id + "\"], \"add\": [\"q\"], \"remvoe\": [\"x\"]}"))
                .build()), "remvoe");
    }

    /** Sends a request as bytes, and reads the whole answer as text. */
    private String raw(String head, byte[] body, byte[] tail) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", Integer.parseInt(http().base().replaceAll(".*:", "")))) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(tail);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A chunked body whose framing breaks off: the client's fault, a 400, and nothing stored. */
    @Test
    void aBodyThatIsNotValidHttpFraming() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(tmp, 64, 64));
        String answer = raw("POST /v1/images HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(jpeg.length) + "\r\n",
                jpeg, "\r\nnot-a-chunk-size\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("urn:pixflow:problem:bad-request").contains("\"instance\":\"/v1/images\"");
        // Where the container forwards its errors is no page of its own.
        assertProblem(http().get("/error"), 404, "not-found");
    }

    /** What Tomcat refuses before the application sees it is a problem too, not Tomcat's HTML page. */
    @Test
    void requestsTomcatCannotParse() throws Exception {
        for (String head : new String[]{
                "GET /v1/images/a|b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/images/a%2fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v1/images HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n",
                "GET /v1/images HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                "NOT-HTTP\r\n\r\n"}) {
            String answer = raw(head, new byte[0], new byte[0]);
            assertThat(answer).as(head.lines().findFirst().orElseThrow()).startsWith("HTTP/1.1 400")
                    .contains("Content-Type: application/problem+json").contains("urn:pixflow:problem:bad-request")
                    .contains("\"status\":400").doesNotContain("<html")
                    .as("a detail that says more than the title").doesNotContain("\"detail\":\"Bad Request\"");
        }
    }

    /**
     * What Spring refuses before a handler runs (a path, method, body type or Accept no handler takes;
     * a parameter it cannot convert) has the API's problem types, not {@code about:blank}.
     */
    @Test
    void requestsNoHandlerTakes() throws Exception {
        var nowhere = http().get("/no-such-path");
        assertProblem(nowhere, 404, "not-found");
        assertThat(Http.json(nowhere).get("detail").asText()).isEqualTo("no such path");

        var put = http().send(http().request("/v1/images").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(put, 405, "method-not-allowed");
        assertThat(put.headers().firstValue("Allow").orElse("")).contains("GET").contains("POST");

        String id = "0190a000-0000-7000-8000-999999999999";
        var text = http().send(http().request("/v1/images/" + id).header("Content-Type", "text/plain")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("title")).build());
        assertProblem(text, 415, "unsupported-media-type");
        assertThat(Http.json(text).get("detail").asText()).contains("text/plain").contains("application/json");
        var untyped = http().send(http().request("/v1/images/" + id + "/renditions").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(untyped, 415, "unsupported-media-type");
        assertThat(Http.json(untyped).get("detail").asText()).contains("no Content-Type");
        // An image sent without a type is told to give one, its upload's fields notwithstanding.
        var typeless = http().send(http().request("/v1/images?filename=a.jpg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(TestImages.jpeg(tmp, 40, 40)))).build());
        assertProblem(typeless, 415, "unsupported-format");

        assertProblem(http().send(http().request("/v1/images").header("Accept", "text/html").GET().build()), 406, "not-acceptable");

        var limit = http().get("/v1/tags?limit=x");
        assertInvalidField(limit, "limit");
        assertThat(Http.json(limit).get("detail").asText()).isEqualTo("limit: must be a whole number");
    }

    /** An upload's parameters are its own: a misspelt or repeated one is refused, not ignored. */
    @Test
    void unknownAndRepeatedUploadParameters() throws Exception {
        Path jpeg = TestImages.jpeg(tmp, 40, 40);
        var misspelt = http().uploadRaw(jpeg, "image/jpeg", "visibilty=private");
        assertInvalidField(misspelt, "visibilty");
        var twice = http().uploadRaw(jpeg, "image/jpeg", "visibility=private&visibility=public");
        assertInvalidField(twice, "visibility");

        String body = "--b\r\nContent-Disposition: form-data; name=\"Visibility\"\r\n\r\nprivate\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        byte[] form = concat(body.getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(jpeg),
                "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        var field = http().send(http().request("/v1/images").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build());
        assertInvalidField(field, "Visibility");

        // One file, in 'file', as it is: a second file, another file field, or a coded file are refused too.
        byte[] image = Files.readAllBytes(jpeg);
        assertInvalidField(form(image, "file", "file", null), "file");
        assertInvalidField(form(image, "file", "thumbnail", null), "thumbnail");
        assertProblem(form(image, "file", null, "gzip"), 415, "unsupported-format");
    }

    /** A form of {@code image} in {@code first}, and again in {@code second} if given; the first part coded so if given. */
    private HttpResponse<String> form(byte[] image, String first, String second, String coding) {
        List<byte[]> parts = new ArrayList<>();
        for (String name : second == null ? List.of(first) : List.of(first, second)) {
            parts.add(("--b\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n"
                    + (coding != null && name.equals(first) ? "Content-Encoding: " + coding + "\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            parts.add(image);
            parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        parts.add("--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return http().send(http().request("/v1/images").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(concat(parts.toArray(byte[][]::new)))).build());
    }

    /** A form with boundary {@code b}, as written. */
    private HttpResponse<String> postForm(String body) {
        return http().send(http().request("/v1/images").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * A body declared over the limit is refused on its headers: a client waiting on
     * {@code Expect: 100-continue} gets the 413 and is never asked to send it, raw or as a form.
     */
    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsAskedFor() throws Exception {
        for (String type : new String[]{"image/jpeg", "multipart/form-data; boundary=b"}) {
            String answer = head("POST /v1/images HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                    + "Content-Length: " + (LIMIT + 2 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(answer).as(type).startsWith("HTTP/1.1 413").contains("application/problem+json");
        }
    }

    /** Sends a request's head only, and reads the answer's head: the status line and headers. */
    private String head(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", Integer.parseInt(http().base().replaceAll(".*:", "")))) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    /** The body a JSON operation reads being empty is said so, without the handler's name. */
    @Test
    void anEmptyJsonBody() {
        var empty = http().send(http().request("/v1/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(empty, 400, "invalid-field");
        assertThat(Http.json(empty).get("detail").asText()).isEqualTo("the body is empty; send one JSON value")
                .doesNotContain("dev.pixflow");
    }
}
