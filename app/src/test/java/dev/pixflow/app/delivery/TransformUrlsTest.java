package dev.pixflow.app.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.Outputs;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.TransformImage;
import dev.pixflow.engine.vips.VipsImageEngine;
import dev.pixflow.engine.vips.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /t/...} over HTTP against the real engine: signatures (accepted, tampered, expired on a moved
 * clock, a rotated key), the result cache (a second request is a read, not a render), single-flight,
 * Accept negotiation, Range and 304, and 429 when the one render slot is held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TransformUrlsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final SigningKey CURRENT = SigningKey.hex("9b3c1f0e7a2d4c6b8e0f1a2b3c4d5e6f", "5a17");
    static final SigningKey RETIRING = SigningKey.hex("0123456789abcdef0123456789abcdef", "c0ffee");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.delivery.keys", () -> "9b3c1f0e7a2d4c6b8e0f1a2b3c4d5e6f,0123456789abcdef0123456789abcdef");
        r.add("pixflow.delivery.salts", () -> "5a17,c0ffee");
        r.add("pixflow.delivery.render-slots", () -> "1");
        r.add("pixflow.delivery.render-wait", () -> "200ms");
        r.add("pixflow.delivery.memory-cache-max-entry", () -> "16KB");
    }

    @TestConfiguration
    static class Engine {
        @Bean
        @Primary
        HoldingEngine holdingEngine(PixflowProperties props) {
            return new HoldingEngine(new VipsImageEngine(props.engine().vipsSettings()));
        }

        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    HoldingEngine engine;
    @Autowired
    TransformImage transform;
    @Autowired
    DeliverImage deliver;
    @Autowired
    EventLog events;
    @Autowired
    MeterRegistry metrics;

    @TempDir
    Path tmp;

    String id;

    @BeforeEach
    void upload() throws Exception {
        var created = http().uploadRaw(TestImages.jpeg(tmp, 1600, 1200), "image/jpeg", "allowDuplicate=true");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        id = Http.json(created).get("id").asText();
    }

    static String signed(String options, String file) {
        String path = "/" + options + "/" + file;
        return TransformUrl.signed(new DeliverySigner(List.of(CURRENT), CLOCK), path);
    }

    HttpResponse<byte[]> get(String url, String... headers) {
        var request = http().request(url);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http().bytes(request.GET().build());
    }

    TestImages.Inspection inspect(byte[] body) throws Exception {
        return TestImages.inspect(Outputs.save(tmp, body));
    }

    @Test
    void aSignedUrlRendersOnceThenIsARead() throws Exception {
        String url = signed("w:300,h:200,fit:cover,g:smart,q:80,f:webp", id);
        int before = engine.renders();
        var first = get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(first.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{32}\""));
        assertThat(first.headers().firstValue("Last-Modified")).isPresent();
        assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(first.headers().firstValue("Vary")).isEmpty();
        TestImages.Inspection seen = inspect(first.body());
        assertThat(seen.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(seen.width()).isEqualTo(300);
        assertThat(seen.height()).isEqualTo(200);
        assertThat(engine.renders()).isEqualTo(before + 1);

        var second = get(url);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(engine.renders()).as("the second request is a read").isEqualTo(before + 1);

        // Another spelling of the same recipe (and the extension for f:) is the same stored result.
        var respelt = get(signed("f:webp,q:80,g:smart,fit:cover,h:200,w:300", id));
        assertThat(respelt.body()).isEqualTo(first.body());
        var extension = get(signed("w:300,h:200,fit:cover,g:smart,q:80", id + ".webp"));
        assertThat(extension.body()).isEqualTo(first.body());
        assertThat(engine.renders()).isEqualTo(before + 1);
        try (Stream<Path> files = Files.list(DATA.resolve("blobs/renditions/" + id))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("t-" + Recipe.parse("w:300,h:200,fit:cover,g:smart,q:80,f:webp").hash() + ".webp");
        }
    }

    @Test
    void tamperedUnsignedAndForeignSignaturesAre403() {
        String url = signed("w:200,f:webp", id);
        assertThat(get(url).statusCode()).isEqualTo(200);
        var tampered = get(url.replace("w:200", "w:201"));
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(new String(tampered.body())).contains("urn:pixflow:problem:bad-signature");
        assertThat(get("/t/_/w:200,f:webp/" + id).statusCode()).isEqualTo(403);
        assertThat(get("/t/unsafe/w:200,f:webp/" + id).statusCode()).isEqualTo(403);
        String foreign = TransformUrl.signed(new DeliverySigner(List.of(SigningKey.hex("abcdef", "01")), CLOCK),
                "/w:200,f:webp/" + id);
        assertThat(get(foreign).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnsignedUrlIs403WhateverItsOptionsExpiryOrIdSay() {
        for (String path : List.of("/t/_/zoom:2/" + id, "/t/_/w:abc/" + id, "/t/_/w:200,exp:soon/" + id,
                "/t/_/w:200/" + id + ".bmp", "/t/_/w:200/not-an-id", "/t/bad/w:200,exp:1/" + id)) {
            var refused = get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(new String(refused.body())).as(path).contains("urn:pixflow:problem:bad-signature");
        }
        // Signed, the same faults are the recipe's to name.
        assertThat(get(signed("zoom:2", id)).statusCode()).isEqualTo(400);
    }

    @Test
    void aUrlSignedWithTheRetiringKeyStillWorks() {
        String url = TransformUrl.signed(new DeliverySigner(List.of(RETIRING), CLOCK), "/w:120,f:png/" + id);
        var response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void anExpiredUrlIs410() {
        long exp = CLOCK.instant().plusSeconds(60).getEpochSecond();
        String url = signed("w:160,exp:" + exp, id);
        assertThat(get(url).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(61));
        var gone = get(url);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(new String(gone.body())).contains("urn:pixflow:problem:link-expired");
        // The expiry is signed: moving it is tampering.
        assertThat(get(url.replace("exp:" + exp, "exp:" + (exp + 3600))).statusCode()).isEqualTo(403);
    }

    @Test
    void autoChoosesFromAcceptAndVaries() throws Exception {
        String url = signed("w:240,f:auto", id);
        var avif = get(url, "Accept", "image/avif,image/webp,image/*;q=0.8");
        assertThat(avif.headers().firstValue("Content-Type")).hasValue("image/avif");
        assertThat(avif.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(inspect(avif.body()).format()).isEqualTo(ImageFormat.AVIF);
        var webp = get(url, "Accept", "image/webp,*/*");
        assertThat(webp.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(webp.headers().firstValue("Vary")).hasValue("Accept");
        var plain = get(url, "Accept", "*/*");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(inspect(plain.body()).format()).isEqualTo(ImageFormat.JPEG);
        // A 304 for a negotiated result still says it varies.
        var again = get(url, "Accept", "image/webp", "If-None-Match", webp.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("Vary")).hasValue("Accept");
    }

    @Test
    void rangeAndConditionalRequestsOnATransformedResult() {
        String url = signed("w:800,q:90", id);
        var whole = get(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        var notModified = get(url, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");

        var part = get(url, "Range", "bytes=100-299");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-299/" + whole.body().length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), 100, 300));

        var stale = get(url, "If-None-Match", "\"something-else\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(whole.body());
    }

    /** The conditional headers, each alone and together, answered in RFC 9110's order (section 13.2.2). */
    @Test
    void preconditionsInTheOrderOfRfc9110() {
        String url = signed("w:700,q:80", id);
        var whole = get(url);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        String modified = whole.headers().firstValue("Last-Modified").orElseThrow();
        String past = "Mon, 01 Jan 2001 00:00:00 GMT";
        String future = "Fri, 01 Jan 2099 00:00:00 GMT";

        assertThat(get(url, "If-None-Match", "*").statusCode()).as("* names any answer there is").isEqualTo(304);
        assertThat(get(url, "If-None-Match", "\"other\", W/" + etag).statusCode()).as("weak comparison").isEqualTo(304);
        assertThat(get(url, "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get(url, "If-Modified-Since", future).statusCode()).as("a date in the future is no date").isEqualTo(200);
        // The obsolete forms a recipient must read too (RFC 9110, 5.6.7): RFC 850's and asctime's.
        ZonedDateTime at = ZonedDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME);
        String rfc850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).format(at);
        String asctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).format(at);
        assertThat(get(url, "If-Modified-Since", rfc850).statusCode()).as(rfc850).isEqualTo(304);
        assertThat(get(url, "If-Modified-Since", asctime).statusCode()).as(asctime).isEqualTo(304);
        assertThat(get(url, "If-Unmodified-Since", "Monday, 01-Jan-01 00:00:00 GMT").statusCode()).as("2001, not 2101").isEqualTo(412);
        assertThat(get(url, "If-None-Match", "\"other\"", "If-Modified-Since", modified).statusCode())
                .as("If-None-Match decides, If-Modified-Since is passed over").isEqualTo(200);

        assertThat(get(url, "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(get(url, "If-Match", "*").statusCode()).isEqualTo(200);
        assertThat(get(url, "If-Match", etag, "If-Unmodified-Since", past).statusCode())
                .as("If-Match decides, If-Unmodified-Since is passed over").isEqualTo(200);
        for (String[] failing : new String[][]{{"If-Match", "\"other\""}, {"If-Match", "W/" + etag}, {"If-Unmodified-Since", past}}) {
            var refused = get(url, failing);
            assertThat(refused.statusCode()).as(String.join(": ", failing)).isEqualTo(412);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(Http.json(new StringResponse(refused)).get("type").asText()).isEqualTo("urn:pixflow:problem:precondition-failed");
        }
        assertThat(get(url, "If-Match", "\"other\"", "If-None-Match", etag).statusCode())
                .as("a failed If-Match comes before a matching If-None-Match").isEqualTo(412);
        assertThat(get(url, "If-Unmodified-Since", "not a date").statusCode()).as("an invalid date is ignored").isEqualTo(200);
        assertThat(get(url, "If-Match", "no-quotes").statusCode()).as("an If-Match that names no tag matches none").isEqualTo(412);
        assertThat(get(url, "If-None-Match", "no-quotes", "If-Modified-Since", modified).statusCode())
                .as("an If-None-Match, valid or not, leaves If-Modified-Since out").isEqualTo(200);
    }

    @Test
    void rangesThatCannotOrNeedNotBeHonoured() {
        String url = signed("w:640,q:85", id);
        var whole = get(url);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        int length = whole.body().length;

        // Two ranges: one multipart/byteranges answer, whose length is its own, not the file's.
        var two = get(url, "Range", "bytes=0-9,100-119");
        assertThat(two.statusCode()).isEqualTo(206);
        assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("multipart/byteranges"));
        // Its length is its own (or it is chunked), never the whole file's, which would leave the client waiting.
        assertThat(two.headers().firstValue("Content-Length").map(Integer::parseInt).orElse(two.body().length))
                .isEqualTo(two.body().length);
        String parts = new String(two.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(parts).contains("Content-Range: bytes 0-9/" + length).contains("Content-Range: bytes 100-119/" + length)
                .contains(new String(java.util.Arrays.copyOfRange(whole.body(), 100, 120),
                        java.nio.charset.StandardCharsets.ISO_8859_1));

        // Past the end, or malformed: 416, a problem, and the length to ask within; never the image.
        for (String range : new String[]{"bytes=" + length + "-", "bytes=abc", "bytes="}) {
            var refused = get(url, "Range", range);
            assertThat(refused.statusCode()).as(range).isEqualTo(416);
            assertThat(refused.headers().firstValue("Content-Type")).as(range).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Content-Range")).as(range).hasValue("bytes */" + length);
            assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).as(range)
                    .contains("urn:pixflow:problem:range-not-satisfiable")
                    .as("what was sent, not the parser's wording").contains("the range '" + range + "'").doesNotContain("less then");
            assertThat(refused.headers().firstValue("Cache-Control")).as(range).hasValue("no-store");
        }
        // The conditions come first: a matching If-None-Match is a 304 whatever the Range.
        assertThat(get(url, "Range", "bytes=" + length + "-", "If-None-Match", etag).statusCode()).isEqualTo(304);
        // Range is for GET: HEAD answers the whole representation's headers.
        var head = http().bytes(http().request(url).header("Range", "bytes=0-9")
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(length));

        // If-Range that still names these bytes keeps the Range; one that does not gets the whole answer.
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        String lastModified = whole.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(206);
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", "W/" + etag).statusCode()).as("a weak tag never matches")
                .isEqualTo(200);
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", "Thu, 01 Jan 2015 00:00:00 GMT").statusCode()).isEqualTo(200);
        var changed = get(url, "Range", "bytes=0-9", "If-Range", "\"an-older-etag\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(whole.body());
        // A unit other than bytes is ignored; the unit's name is case-insensitive (RFC 9110, 14.1).
        var ignored = get(url, "Range", "items=0-9");
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.body()).isEqualTo(whole.body());
        assertThat(get(url, "Range", "Bytes=0-9").statusCode()).isEqualTo(206);
    }

    @Test
    void smallResultsComeFromMemoryAndLargeOnesBySendfile() throws Exception {
        double memoryBefore = count("memory");
        double sendfileBefore = count("sendfile");
        var small = get(signed("w:48,f:webp", id));
        assertThat(small.body().length).isLessThan(16 * 1024);
        assertThat(get(signed("w:48,f:webp", id)).body()).isEqualTo(small.body());
        assertThat(count("memory")).isEqualTo(memoryBefore + 2);

        var large = get(signed("w:1400,q:95", id));
        assertThat(large.body().length).isGreaterThan(16 * 1024);
        assertThat(count("sendfile")).isEqualTo(sendfileBefore + 1);
        assertThat(large.headers().firstValue("Content-Length")).hasValue(Integer.toString(large.body().length));
        TestImages.Inspection seen = inspect(large.body());
        assertThat(seen.width()).isEqualTo(1400);
        assertThat(seen.height()).isEqualTo(1050);
    }

    private double count(String via) {
        return metrics.get("pixflow.delivery.responses").tag("via", via).counter().count();
    }

    @Test
    void identicalRequestsArrivingTogetherRenderOnce() throws Exception {
        String url = signed("w:333,f:webp", id);
        int before = engine.renders();
        CountDownLatch started = engine.hold();
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                responses.add(clients.submit(() -> get(url)));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            // Every other request is now waiting on the one render, not queued for a slot of its own.
            await().atMost(Duration.ofSeconds(30)).until(() -> transform.waitingForSameRender() == 5);
            engine.release();
            byte[] first = null;
            for (Future<HttpResponse<byte[]>> f : responses) {
                HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                if (first == null) {
                    first = r.body();
                }
                assertThat(r.body()).isEqualTo(first);
            }
        } finally {
            engine.release();
        }
        assertThat(engine.renders()).isEqualTo(before + 1);
    }

    @Test
    void aVariantNotMadeYetAskedForByManyAtOnceRendersOnceAndIsReadyOnce() throws Exception {
        // The worker is off here: the medium of the new image is made by the first request for it.
        int before = engine.renders();
        CountDownLatch started = engine.hold();
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                responses.add(clients.submit(() -> get("/i/" + id + "/medium")));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            // The others wait on that render, not for a slot of their own (one slot, 200 ms: they would be 429).
            await().atMost(Duration.ofSeconds(30)).until(() -> deliver.waitingForSameRender() == 3);
            engine.release();
            for (Future<HttpResponse<byte[]>> f : responses) {
                assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            engine.release();
        }
        assertThat(engine.renders()).isEqualTo(before + 1);
        assertThat(events.after(0, 10_000).stream().map(LoggedEvent::event)
                .filter(e -> e.imageId().value().equals(id) && e.type() == EventType.RENDITION_READY))
                .extracting(e -> e.variant().orElseThrow()).containsExactly("medium");
    }

    @Test
    void aFullRenderGateAnswers429WithRetryAfter() throws Exception {
        CountDownLatch started = engine.hold();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<byte[]>> holder = clients.submit(() -> get(signed("w:401,f:webp", id)));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            // The one slot is held: another recipe waits its 200 ms for it, then is refused.
            var refused = get(signed("w:402,f:webp", id));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(new String(refused.body())).contains("urn:pixflow:problem:overloaded");
            engine.release();
            assertThat(holder.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            engine.release();
        }
        assertThat(get(signed("w:402,f:webp", id)).statusCode()).isEqualTo(200);
    }

    @Test
    void badOptionsUnknownImagesAndOversizeOutputs() {
        var bad = get(signed("w:abc", id));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(new StringResponse(bad));
        assertThat(problem.get("field").asText()).isEqualTo("w");
        assertThat(get(signed("w:100", "019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d")).statusCode()).isEqualTo(404);
        assertThat(get(signed("w:20000,enlarge:1", id)).statusCode()).isEqualTo(422);
        assertThat(get("/t/x/y").statusCode()).isEqualTo(404);
    }

    /** A URL the site signed may draw the owner's private image as a watermark: the site chose the recipe. */
    @Test
    void aSignedUrlMayDrawTheOwnersPrivateImageAsAWatermark() throws Exception {
        var mark = http().uploadRaw(TestImages.png(tmp, 120, 80), "image/png", "visibility=private&allowDuplicate=true");
        assertThat(mark.statusCode()).as(mark.body()).isEqualTo(201);
        String markId = Http.json(mark).get("id").asText();
        assertThat(get(signed("w:400,wm:" + markId + ",scale:20,f:png", id)).statusCode()).isEqualTo(200);
    }

    @Test
    void theCanonicalPathOfAUrlIsWhatTheSignerSigns() {
        String path = TransformUrl.path(new ImageId(id), Recipe.parse("f:webp,w:64"), OptionalLong.empty());
        assertThat(path).isEqualTo("/w:64,f:webp/" + id);
        assertThat(get(TransformUrl.signed(new DeliverySigner(List.of(CURRENT), CLOCK), path)).statusCode()).isEqualTo(200);
    }

    /** Adapts a byte response to the JSON helper. */
    private record StringResponse(HttpResponse<byte[]> r) implements HttpResponse<String> {
        @Override public int statusCode() { return r.statusCode(); }
        @Override public java.net.http.HttpRequest request() { return r.request(); }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return r.headers(); }
        @Override public String body() { return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return r.sslSession(); }
        @Override public java.net.URI uri() { return r.uri(); }
        @Override public java.net.http.HttpClient.Version version() { return r.version(); }
    }
}
