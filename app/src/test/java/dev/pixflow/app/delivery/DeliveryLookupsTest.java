package dev.pixflow.app.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageRecords;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery lookup cache: a rendition served once is kept (a change behind this process's back is not
 * seen until the entry goes) and answered again the same way, headers, 304 and Range included; an edit
 * or delete made through this process, or the image's expiry, is honoured at once, never answered from
 * what was kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryLookupsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        // Long enough that nothing in a test outlives it by chance: what the tests see is invalidation.
        r.add("pixflow.delivery.lookup-cache-ttl", () -> "1h");
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
    @Autowired
    ImageRecords metadata;
    @Autowired
    DeliveryLookups lookups;
    @Autowired
    BlobStore blobs;

    @TempDir
    Path tmp;

    String token;

    @BeforeEach
    void issueKey() {
        token = keys.issue("ana", false).token();
    }

    private String upload(int width) throws Exception {
        HttpResponse<String> r = http().send(http().request("/v1/images?allowDuplicate=true&visibility=public")
                .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, width, 400))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).get("id").asText();
    }

    private HttpResponse<String> asOwner(String method, String path, String json) {
        HttpRequest.Builder b = http().request(path).header("Authorization", "Bearer " + token);
        return http().send(json == null ? b.method(method, HttpRequest.BodyPublishers.noBody()).build()
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** The same 256 px rendition by {@code /i/} and by a {@code /t/} URL (unsigned: no delivery keys here). */
    private static List<String> paths(String id) {
        return List.of("/i/" + id + "/thumb", "/t/_/w:256,h:256,fit:cover,g:smart,q:80/" + id);
    }

    /** Anyone's request, without a key, by both paths: they must answer alike. */
    private int thumb(String id) {
        return thumb(id, null);
    }

    private int thumb(String id, String authorization) {
        List<Integer> statuses = paths(id).stream().map(path -> {
            HttpRequest.Builder b = http().request(path);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return http().bytes(b.GET().build()).statusCode();
        }).toList();
        assertThat(statuses.get(1)).as("/t/ answers as /i/ does").isEqualTo(statuses.get(0));
        return statuses.get(0);
    }

    /** What another process would do: the store makes the image private, this process is not told. */
    private ImageId madePrivateBehindThisProcess(String id) {
        ImageRecord record = metadata.find(new ImageId(id)).orElseThrow();
        metadata.edit(record.id(), new RecordPatch(Set.of(RecordPatch.Field.VISIBILITY), ImageMetadata.empty().withVisibility(Visibility.PRIVATE),
                Optional.empty()), CLOCK.instant());
        return record.id();
    }

    private int transformed(String id, int width) {
        return http().bytes(http().request("/t/_/w:" + width + "/" + id).GET().build()).statusCode();
    }

    @Test
    void aServedRenditionIsKeptSoAChangeBehindThisProcessIsNotSeenUntilForgotten() throws Exception {
        String id = upload(600);
        assertThat(thumb(id)).isEqualTo(200);
        ImageId image = madePrivateBehindThisProcess(id);

        assertThat(thumb(id)).as("served from the lookup cache, without asking the store").isEqualTo(200);
        lookups.forget(image);
        assertThat(thumb(id)).isEqualTo(404);
    }

    @Test
    void aKeptRenditionIsAnsweredExactlyAsTheFirstTime() throws Exception {
        String id = upload(604);
        for (String path : paths(id)) {
            keptAnswerIsTheFirst(path);
        }
    }

    private void keptAnswerIsTheFirst(String path) {
        HttpResponse<byte[]> first = http().bytes(http().request(path).GET().build());
        HttpResponse<byte[]> again = http().bytes(http().request(path).GET().build());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        for (String header : new String[]{"Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control",
                "Accept-Ranges", "X-Content-Type-Options"}) {
            assertThat(again.headers().firstValue(header)).as(header).isPresent().isEqualTo(first.headers().firstValue(header));
        }
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();

        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = http().bytes(http().request(path)
                .header("If-None-Match", etag).GET().build());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        HttpResponse<byte[]> range = http().bytes(http().request(path).header("Range", "bytes=0-9").GET().build());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOf(first.body(), 10));
    }

    @Test
    void afterADeleteTheKeptRenditionIsNotServed() throws Exception {
        String id = upload(601);
        assertThat(thumb(id)).isEqualTo(200);
        assertThat(thumb(id)).isEqualTo(200);

        assertThat(asOwner("DELETE", "/v1/images/" + id, null).statusCode()).isEqualTo(204);

        assertThat(thumb(id)).isEqualTo(404);
        assertThat(http().bytes(http().request("/i/" + id + "/original").GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void afterVisibilityTurnsPrivateTheKeptRenditionIsServedOnlyToTheOwner() throws Exception {
        String id = upload(602);
        assertThat(thumb(id)).isEqualTo(200);

        HttpResponse<String> patched = asOwner("PATCH", "/v1/images/" + id, "{\"visibility\":\"private\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        assertThat(thumb(id)).isEqualTo(404);
        assertThat(thumb(id, "Bearer " + token)).isEqualTo(200);

        assertThat(asOwner("PATCH", "/v1/images/" + id, "{\"visibility\":\"public\"}").statusCode()).isEqualTo(200);
        assertThat(thumb(id)).isEqualTo(200);
    }

    @Test
    void fromItsExpiryTheKeptRenditionIsGone() throws Exception {
        String id = upload(603);
        assertThat(thumb(id)).isEqualTo(200);
        Instant soon = CLOCK.instant().plus(Duration.ofHours(1));

        HttpResponse<String> patched = asOwner("PATCH", "/v1/images/" + id, "{\"expiresAt\":\"" + soon + "\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(thumb(id)).isEqualTo(200);

        CLOCK.advance(Duration.ofHours(2));
        assertThat(thumb(id)).isEqualTo(410);
    }

    @Test
    void aRecipeNotSeenBeforeRendersFromTheKeptRecord() throws Exception {
        String id = upload(605);
        assertThat(transformed(id, 100)).isEqualTo(200);
        ImageId image = madePrivateBehindThisProcess(id);

        assertThat(transformed(id, 101)).as("rendered for the kept record, without asking the store").isEqualTo(200);
        lookups.forget(image);
        assertThat(transformed(id, 102)).isEqualTo(404);
    }

    @Test
    void afterAnyChangeThroughThisProcessAKeptRecordIsReadAgain() throws Exception {
        String id = upload(607);
        String other = upload(608);
        assertThat(transformed(id, 120)).isEqualTo(200);
        madePrivateBehindThisProcess(id);

        // Another image's edit: this image's record is not dropped, but it predates a change now.
        HttpResponse<String> patched = asOwner("PATCH", "/v1/images/" + other, "{\"title\":\"renamed\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        assertThat(transformed(id, 121)).as("the record read again: private now").isEqualTo(404);
    }

    @Test
    void aKeptRecordWhoseImageAnotherProcessDeletedAnswers404() throws Exception {
        String id = upload(606);
        assertThat(transformed(id, 110)).isEqualTo(200);
        // Another process's delete: record and original gone, this process not told.
        ImageRecord record = metadata.find(new ImageId(id)).orElseThrow();
        assertThat(metadata.remove(record.id(), CLOCK.instant(), java.util.Optional.empty(), blobs::delete)).isPresent();
        assertThat(blobs.find(record.originalKey())).as("the original's bytes went with their last reference").isEmpty();

        assertThat(transformed(id, 111)).isEqualTo(404);
    }
}
