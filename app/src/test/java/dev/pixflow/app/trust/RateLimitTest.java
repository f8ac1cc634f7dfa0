package dev.pixflow.app.trust;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.faults.NoisyPhotos;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-key limits: a key over its uploads or bytes a minute gets 429 with Retry-After; other keys go on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.security.limits.uploads-per-minute", () -> "2");
        r.add("pixflow.security.limits.bytes-per-minute", () -> "200KB");
        r.add("pixflow.import.allow-loopback", () -> "true");
    }

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    @Test
    void aKeyOverItsUploadsAMinuteIs429WithRetryAfterWhileOthersGoOn() throws Exception {
        AsKey flood = new AsKey(http(), keys.issue("flood", false).token());
        AsKey calm = new AsKey(http(), keys.issue("calm", false).token());
        Path small = TestImages.jpeg(tmp, 64, 48);

        assertThat(flood.upload(small, "allowDuplicate=true").statusCode()).isEqualTo(201);
        assertThat(flood.upload(small, "allowDuplicate=true").statusCode()).isEqualTo(201);
        var refused = flood.upload(small, "allowDuplicate=true");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(Http.json(refused).get("type").asText()).isEqualTo("urn:pixflow:problem:rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        var disguised = flood.http().send(flood.request("/v1/images;x=1?allowDuplicate=true").header("Content-Type", "image/jpeg")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(small)).build());
        assertThat(disguised.statusCode()).as("a path parameter hides nothing: " + disguised.body()).isEqualTo(429);
        var encoded = flood.http().send(flood.request("/v1/%69mages?allowDuplicate=true").header("Content-Type", "image/jpeg")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(small)).build());
        assertThat(encoded.statusCode()).as("nor does an encoded letter: " + encoded.body()).isEqualTo(429);
        assertThat(flood.json("POST", "/v1/%75ploads", "{\"filename\": \"a.jpg\"}").statusCode()).isEqualTo(429);
        // Starting a multipart upload is an upload too.
        assertThat(flood.json("POST", "/v1/uploads", "{\"filename\": \"a.jpg\"}").statusCode()).isEqualTo(429);

        assertThat(calm.upload(small, null).statusCode()).as("another key has its own bucket").isEqualTo(201);
    }

    @Test
    void aKeyOverItsBytesAMinuteIs429BeforeTheBodyIsRead() throws Exception {
        AsKey heavy = new AsKey(http(), keys.issue("heavy", false).token());
        // 150 KiB twice against 200 KiB a minute: the first body is read (and refused: zeros are no
        // accepted image), the second is refused by its Content-Length alone.
        Path body = tmp.resolve("junk.jpg");
        Files.write(body, new byte[150 * 1024]);
        var first = heavy.upload(body, null);
        assertThat(first.statusCode()).as(first.body()).isIn(415, 422);
        var second = heavy.upload(body, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(Http.json(second).get("detail").asText()).contains("bytes");
        assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        // Refused on its bytes, it used up none of the key's 2 uploads a minute: a small one is the second.
        var small = heavy.upload(TestImages.jpeg(tmp, 64, 48), null);
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
    }

    /**
     * A body refused before it is read (here over the upload limit, by its length alone) costs nothing of
     * the key's bytes a minute: a declared length alone must not lock a key out for days.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"image/jpeg", "multipart/form-data; boundary=b"})
    void aBodyRefusedUnreadIsNotCharged(String type) throws Exception {
        AsKey key = new AsKey(http(), keys.issue("declared-" + type.length(), false).token());
        String answer;
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("POST /v1/images HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + key.token() + "\r\nContent-Type: " + type + "\r\nContent-Length: 10000000000\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(answer).as(answer).startsWith("HTTP/1.1 413");
        var small = key.upload(TestImages.jpeg(tmp, 64, 48), null);
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
    }

    /**
     * A body of unknown length is metered as it is read: one within the allowance goes through and what
     * it did not use of the allowance taken ahead is given back; one that runs past it is refused there,
     * nothing of it kept.
     */
    @Test
    void aChunkedBodyIsMeteredAsItIsReadAndRefusedWhereItRunsPastTheAllowance() throws Exception {
        AsKey chunky = new AsKey(http(), keys.issue("chunky", false).token());
        // Noise, some 45 KB: its allowance takes seconds to come back, so the next body starts short of a full one.
        byte[] photo = Files.readAllBytes(NoisyPhotos.jpeg(tmp, 300, 200, 1));
        var small = chunked(chunky, photo, "allowDuplicate=true");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        byte[] large = new byte[250 * 1024];
        System.arraycopy(photo, 0, large, 0, photo.length);
        var over = chunked(chunky, large, "allowDuplicate=true");
        assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
        assertThat(Http.json(over).get("detail").asText()).as("refused as it was read, not before").contains("partway");
        assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(Http.json(chunky.get("/v1/images?limit=10")).get("items")).as("nothing kept of the refused body").hasSize(1);
    }

    /** One chunked body that starts on a full allowance may run past it, as one with a length may; the key is then in debt. */
    @Test
    void aChunkedBodyOnAFullAllowanceMayRunPastItAndLeavesTheKeyInDebt() {
        AsKey chunky = new AsKey(http(), keys.issue("debtor", false).token());
        byte[] zeros = new byte[250 * 1024];
        var first = chunked(chunky, zeros, "allowDuplicate=true");
        assertThat(first.statusCode()).as("read whole, then refused as no image: " + first.body()).isIn(415, 422);
        var second = chunked(chunky, zeros, "allowDuplicate=true");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(Http.json(second).get("detail").asText()).contains("bytes").doesNotContain("partway");
    }

    /** Tomcat reads a form's parts past the metering stream: a form sent in chunks needs its length while bytes are limited. */
    @Test
    void aChunkedFormNeedsItsLength() {
        AsKey former = new AsKey(http(), keys.issue("former", false).token());
        byte[] head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"z.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--b--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] form = new byte[head.length + 250 * 1024 + tail.length];
        System.arraycopy(head, 0, form, 0, head.length);
        System.arraycopy(tail, 0, form, form.length - tail.length, tail.length);
        var chunkedForm = former.http().send(former.request("/v1/images")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form))).build());
        assertThat(chunkedForm.statusCode()).as(chunkedForm.body()).isEqualTo(411);
        assertThat(Http.json(chunkedForm).get("type").asText()).isEqualTo("urn:pixflow:problem:length-required");
        var withLength = former.http().send(former.request("/v1/images")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form)).build());
        assertThat(withLength.statusCode()).as("the same form with its length: read, refused as no image " + withLength.body())
                .isIn(415, 422);
    }

    /**
     * The bytes an import fetches count toward its key's allowance, also when the import is then refused:
     * otherwise a key could have the server download the upload limit again and again, whatever its bytes a minute.
     */
    @Test
    void theBytesAnImportFetchesCountAlsoWhenItIsRefused() throws Exception {
        AsKey importer = new AsKey(http(), keys.issue("importer", false).token());
        com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] zeros = new byte[250 * 1024];
        origin.createContext("/zeros.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, zeros.length);
            x.getResponseBody().write(zeros);
            x.close();
        });
        origin.start();
        try {
            String json = "{\"url\": \"http://127.0.0.1:" + origin.getAddress().getPort() + "/zeros.jpg\"}";
            var first = importer.json("POST", "/v1/images", json);
            assertThat(first.statusCode()).as("fetched whole, then refused as no image: " + first.body()).isIn(415, 422);
            var second = importer.json("POST", "/v1/images", json);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(Http.json(second).get("detail").asText()).contains("bytes");
        } finally {
            origin.stop(0);
        }
    }

    private static java.net.http.HttpResponse<String> chunked(AsKey key, byte[] body, String query) {
        // A body from a stream goes without a length, in chunks.
        return key.http().send(key.request("/v1/images?" + query).header("Content-Type", "image/jpeg")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
    }
}
