package dev.pixflow.app.delivery;

import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache-Control, Vary and Expires say who may keep an answer: anyone, for a year, for a public image;
 * the viewer only for what an API key decided; a shared cache until the expiry for a signed expiring
 * link. Each rule is checked on {@code /i/} and {@code /t/}, on the first request (rendered or looked
 * up, through the controllers) and the next (kept, through the fast path), and on HEAD, 304 and 206.
 * The worker is off, so a variant is rendered on its first request and stored for the next.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryCachingTest extends PixflowTestBase {
    static final SigningKey KEY = SigningKey.hex("5e2d1c3b4a596877", "42");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    static final String PUBLIC_YEAR = "max-age=31536000, public, immutable";
    static final String VIEWER_ONLY = "no-cache, private";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        Path data = newDataDir();
        r.add("pixflow.data-dir", data::toString);
        r.add("pixflow.delivery.keys", () -> "5e2d1c3b4a596877");
        r.add("pixflow.delivery.salts", () -> "42");
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

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    String token;
    final DeliverySigner signer = new DeliverySigner(List.of(KEY), CLOCK);

    @BeforeEach
    void issueKey() {
        token = keys.issue("ana", false).token();
    }

    protected String upload(String visibility) throws Exception {
        HttpResponse<String> r = http().send(http().request("/v1/images?allowDuplicate=true&visibility=" + visibility)
                .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, 640, 480))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).get("id").asText();
    }

    @Test
    void aPublicImageIsKeptByAnyoneForAYear() throws Exception {
        String id = upload("public");
        expect(anonymous(), "/i/" + id + "/thumb", PUBLIC_YEAR, null, null);
        expect(anonymous(), TransformUrl.signed(signer, "/w:120,f:webp/" + id), PUBLIC_YEAR, null, null);
        expect(anonymous(), TransformUrl.signed(signer, "/w:130,f:auto/" + id), PUBLIC_YEAR, "Accept", null);
        // The owner's key changes nothing about a public rendition: the same bytes for anyone.
        expect(owner(), "/i/" + id + "/medium", PUBLIC_YEAR, null, null);
    }

    @Test
    void whatTheOwnersKeyOpenedIsForThatViewerOnly() throws Exception {
        String id = upload("private");
        expect(owner(), "/i/" + id + "/thumb", VIEWER_ONLY, "Authorization", null);
        expect(owner(), "/i/" + id + "/original", VIEWER_ONLY, "Authorization", null);
        expect(owner(), TransformUrl.signed(signer, "/w:140,f:webp/" + id), VIEWER_ONLY, "Authorization", null);
        expect(owner(), TransformUrl.signed(signer, "/w:150,f:auto/" + id), VIEWER_ONLY, "Accept, Authorization", null);
        assertThat(delivery().bytes(delivery().request("/i/" + id + "/thumb").GET().build()).statusCode())
                .as("anyone else").isEqualTo(404);
    }

    @Test
    void aSignedExpiringLinkIsKeptAtMostUntilItExpires() throws Exception {
        String id = upload("private");
        Instant exp = CLOCK.instant().plusSeconds(600);
        String expires = "Sat, 21 Nov 2026 12:10:00 GMT";
        String link = new ExpiringLinks(signer).sign("/i/" + id + "/thumb", exp);
        expect(anonymous(), link, "max-age=600, public, immutable", null, expires);
        String transform = TransformUrl.signed(signer, "/w:160,f:webp,exp:" + exp.getEpochSecond() + "/" + id);
        expect(anonymous(), transform, "max-age=600, public, immutable", null, expires);
        // The owner's key adds nothing to a signed link: whoever holds it gets the same answer.
        expect(owner(), transform, "max-age=600, public, immutable", null, expires);

        CLOCK.advance(java.time.Duration.ofSeconds(540));
        try {
            expect(anonymous(), link, "max-age=60, public, immutable", null, expires);
            expect(anonymous(), transform, "max-age=60, public, immutable", null, expires);
            CLOCK.advance(java.time.Duration.ofSeconds(61));
            assertThat(delivery().bytes(get(link, anonymous()).build()).statusCode()).isEqualTo(410);
            assertThat(delivery().bytes(get(transform, anonymous()).build()).statusCode()).isEqualTo(410);
        } finally {
            CLOCK.advance(java.time.Duration.ofSeconds(-601));
        }
    }

    @Test
    void aPublicLinkThatExpiresIsKeptUntilThen() throws Exception {
        String id = upload("public");
        Instant exp = CLOCK.instant().plusSeconds(3600);
        expect(anonymous(), TransformUrl.signed(signer, "/w:170,exp:" + exp.getEpochSecond() + "/" + id),
                "max-age=3600, public, immutable", null, "Sat, 21 Nov 2026 13:00:00 GMT");
    }

    protected Optional<String> anonymous() {
        return Optional.empty();
    }

    private Optional<String> owner() {
        return Optional.of("Bearer " + token);
    }

    /** Where delivery requests go: the server's port here. */
    protected Http delivery() {
        return http();
    }

    private HttpRequest.Builder get(String url, Optional<String> authorization) {
        HttpRequest.Builder b = delivery().request(url).header("Accept", "image/avif,image/webp,*/*");
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    /**
     * Asks for {@code url} every way a browser or a CDN does and checks the caching headers of each
     * answer: the first GET, the next (kept), HEAD, a revalidation (304) and a range (206).
     */
    protected void expect(Optional<String> authorization, String url, String cacheControl, String vary, String expires) {
        HttpResponse<byte[]> first = delivery().bytes(get(url, authorization).GET().build());
        assertThat(first.statusCode()).as(url).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        List<HttpResponse<byte[]>> answers = List.of(first,
                delivery().bytes(get(url, authorization).GET().build()),
                delivery().bytes(get(url, authorization).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()),
                delivery().bytes(get(url, authorization).header("If-None-Match", etag).GET().build()),
                delivery().bytes(get(url, authorization).header("Range", "bytes=0-9").GET().build()));
        assertThat(answers).extracting(HttpResponse::statusCode).as(url).containsExactly(200, 200, 200, 304, 206);
        for (HttpResponse<byte[]> a : answers) {
            String what = url + " answered " + a.statusCode();
            assertThat(a.headers().firstValue("Cache-Control")).as(what).hasValue(cacheControl);
            assertThat(a.headers().allValues("Vary")).as(what).isEqualTo(vary == null ? List.of() : List.of(vary));
            assertThat(a.headers().firstValue("Expires")).as(what).isEqualTo(Optional.ofNullable(expires));
            assertThat(a.headers().firstValue("ETag")).as(what).hasValue(etag);
            assertThat(a.headers().firstValue("Set-Cookie")).as(what).isEmpty();
            assertThat(a.headers().firstValue("Access-Control-Allow-Origin")).as(what + ": any page may read it").hasValue("*");
            assertThat(a.headers().allValues("Accept-Ranges")).as(what).containsExactly("bytes");
            assertThat(a.headers().firstValue("Access-Control-Expose-Headers")).as(what).hasValue("ETag, Content-Range, Accept-Ranges");
        }
    }

    /**
     * A range is answered once the conditions hold: If-Modified-Since with a date in the future is no
     * valid date (RFC 9110, 13.1.3) and is ignored, with a Range as without one; the unit's name is read
     * in any case; several ranges come as multipart/byteranges.
     */
    @Test
    void aRangeIsCutWhateverADateInTheFutureOrTheUnitsCase() throws Exception {
        String id = upload("public");
        byte[] whole = delivery().bytes(delivery().request("/i/" + id + "/thumb").GET().build()).body();
        for (var headers : List.of(List.of("Range", "bytes=0-9", "If-Modified-Since", "Mon, 07 Dec 2099 19:38:21 GMT"),
                List.of("Range", "Bytes=0-9"))) {
            HttpRequest.Builder request = delivery().request("/i/" + id + "/thumb").GET();
            for (int i = 0; i < headers.size(); i += 2) {
                request.header(headers.get(i), headers.get(i + 1));
            }
            HttpResponse<byte[]> r = delivery().bytes(request.build());
            assertThat(r.statusCode()).as(headers.toString()).isEqualTo(206);
            assertThat(r.headers().firstValue("Content-Range")).as(headers.toString()).hasValue("bytes 0-9/" + whole.length);
            assertThat(r.body()).isEqualTo(java.util.Arrays.copyOf(whole, 10));
            assertThat(r.headers().firstValue("ETag")).isPresent();
            assertThat(r.headers().allValues("Accept-Ranges")).containsExactly("bytes");
        }
        // Leading zeros are no digits of a position.
        HttpResponse<byte[]> zeros = delivery().bytes(delivery().request("/i/" + id + "/thumb")
                .header("Range", "bytes=0000000000000000000002-0000000000000000000005").GET().build());
        assertThat(zeros.statusCode()).isEqualTo(206);
        assertThat(zeros.headers().firstValue("Content-Range")).hasValue("bytes 2-5/" + whole.length);
        // A last position past the end stands for the end, however many digits it has.
        HttpResponse<byte[]> toTheEnd = delivery().bytes(delivery().request("/i/" + id + "/thumb")
                .header("Range", "bytes=2-99999999999999999999999").GET().build());
        assertThat(toTheEnd.statusCode()).isEqualTo(206);
        assertThat(toTheEnd.headers().firstValue("Content-Range")).hasValue("bytes 2-" + (whole.length - 1) + "/" + whole.length);
        assertThat(toTheEnd.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 2, whole.length));
        HttpResponse<byte[]> two = delivery().bytes(delivery().request("/i/" + id + "/thumb").header("Range", "bytes=0-1,4-5").GET().build());
        assertThat(two.statusCode()).isEqualTo(206);
        assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("multipart/byteranges"));
        assertThat(new String(two.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("Content-Range: bytes 0-1/" + whole.length, "Content-Range: bytes 4-5/" + whole.length);
    }

    /** A page on another origin asks first whether it may send a key or a Range: yes, for a day, for anyone. */
    @Test
    void aCorsPreflightIsAnsweredForAnyOriginWithoutVary() throws Exception {
        String id = upload("public");
        HttpResponse<byte[]> preflight = delivery().bytes(delivery().request("/i/" + id + "/thumb")
                .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, range")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
                assertThat(h).contains("Authorization").contains("Range"));
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
        HttpResponse<byte[]> image = delivery().bytes(delivery().request("/i/" + id + "/thumb")
                .header("Origin", "https://shop.example").GET().build());
        assertThat(image.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(image.headers().allValues("Vary")).as("the same answer for every origin").isEmpty();
        // Another method is refused with what is answered there, alike on both ports.
        HttpResponse<byte[]> post = delivery().bytes(delivery().request("/i/" + id + "/thumb")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        // A failed condition and a range past the end still say ranges are taken, once.
        HttpResponse<byte[]> failed = delivery().bytes(delivery().request("/i/" + id + "/thumb").header("If-Match", "\"other\"").GET().build());
        HttpResponse<byte[]> past = delivery().bytes(delivery().request("/i/" + id + "/thumb").header("Range", "bytes=999999999-").GET().build());
        assertThat(List.of(failed.statusCode(), past.statusCode())).containsExactly(412, 416);
        for (HttpResponse<byte[]> r : List.of(failed, past)) {
            assertThat(r.headers().allValues("Accept-Ranges")).as("answered " + r.statusCode()).containsExactly("bytes");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as("answered " + r.statusCode()).hasValue("*");
        }
        // A refusal too: else a page's script sees a network error, not which problem it met.
        for (String refused : List.of("/i/" + id + "/nosuch", "/i/" + java.util.UUID.randomUUID() + "/thumb",
                "/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/w:100/" + id, "/t/_/w:abc/" + id)) {
            HttpResponse<byte[]> r = delivery().bytes(delivery().request(refused).header("Origin", "https://shop.example").GET().build());
            assertThat(r.statusCode()).as(refused).isBetween(400, 499);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(refused + " answered " + r.statusCode()).hasValue("*");
        }
    }
}
