package dev.pixflow.app.finding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identical bytes are stored once: the same owner uploading them again gets the image it has (200,
 * {@code "duplicate": true}) unless it asks for a new record, which then shares the stored original;
 * the original goes with its last record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DuplicatesTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @TempDir
    Path tmp;

    private static List<Path> storedOriginals() throws Exception {
        Path dir = DATA.resolve("blobs/originals");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theSameBytesAgainAnswerWithTheImageThereIs() throws Exception {
        Path photo = TestImages.jpeg(tmp, 640, 480);
        HttpResponse<String> first = http().uploadRaw(photo, "image/jpeg", "filename=a.jpg&title=First");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = Http.json(first).get("id").asText();
        assertThat(Http.json(first).has("duplicate")).isFalse();

        HttpResponse<String> again = http().uploadRaw(photo, "image/jpeg", "filename=b.jpg");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode same = Http.json(again);
        assertThat(same.get("duplicate").asBoolean()).isTrue();
        assertThat(same.get("id").asText()).isEqualTo(id);
        assertThat(same.get("title").asText()).isEqualTo("First");

        HttpResponse<String> form = http().uploadMultipart(photo, "image/jpeg", "title", "First");
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(Http.json(form).get("id").asText()).isEqualTo(id);
        assertThat(Http.json(http().get("/v1/images?limit=100")).get("items")).hasSize(1);
        http().send(http().request("/v1/images/" + id).DELETE().build());
    }

    /** A client that retries or sends in parallel: of the same bytes sent at once, one image is made. */
    @Test
    void theSameBytesSentSeveralTimesAtOnceMakeOneImage() throws Exception {
        // Large enough that checking it takes a while: the senders finish their checks together, as they do
        // with a phone's photos, and then look for the duplicate at once.
        Path photo = TestImages.jpeg(tmp, 3000, 2000);
        int originalsBefore = storedOriginals().size();
        int senders = 6;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(senders);
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(senders)) {
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < senders; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return http().uploadRaw(photo, "image/jpeg", "filename=at-once.jpg&title=Once");
                }));
            }
            for (var f : sent) {
                answers.add(f.get());
            }
        }
        assertThat(answers).extracting(HttpResponse::statusCode).as("one made, the others answered with it")
                .containsOnly(201, 200).filteredOn(code -> code == 201).hasSize(1);
        assertThat(answers.stream().map(r -> Http.json(r).get("id").asText()).distinct()).hasSize(1);
        String id = Http.json(answers.getFirst()).get("id").asText();
        assertThat(Http.json(http().get("/v1/images?limit=100&q=Once")).get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(id);
        http().send(http().request("/v1/images/" + id).DELETE().build());
        assertThat(storedOriginals()).as("the original goes with its one image: no other upload holds it").hasSize(originalsBefore);
    }

    /** What the upload asks for is never dropped: a photo meant to be private must not stay public unsaid. */
    @Test
    void theSameBytesAskedForAsSomethingElseAreRefusedNamingTheImageAndWhatDiffers() throws Exception {
        Path photo = TestImages.jpeg(tmp, 620, 460);
        String id = Http.json(http().uploadRaw(photo, "image/jpeg", "filename=a.jpg&title=First&tags=sea")).get("id").asText();

        HttpResponse<String> refused = http().uploadRaw(photo, "image/jpeg",
                "title=Second&visibility=private&expiresAt=2099-01-01T00:00:00Z&tags=sea");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = Http.json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:duplicate-differs");
        assertThat(problem.get("existing").asText()).isEqualTo(id);
        assertThat(problem.get("fields")).extracting(JsonNode::asText).containsExactly("title", "visibility", "expiresAt");
        JsonNode kept = record(id);
        assertThat(kept.get("visibility").asText()).isEqualTo("public");
        assertThat(kept.get("title").asText()).isEqualTo("First");
        assertThat(Http.json(http().get("/v1/images?limit=100")).get("items")).as("nothing made").hasSize(1);

        assertThat(http().uploadMultipart(photo, "image/jpeg", "visibility", "private").statusCode()).isEqualTo(409);
        assertThat(http().uploadRaw(photo, "image/jpeg", "tags=sea&visibility=public").statusCode())
                .as("what it is already").isEqualTo(200);
        assertThat(http().uploadMultipart(photo, "image/jpeg", "title", "", "description", "").statusCode())
                .as("a form's empty fields ask for nothing").isEqualTo(200);
        HttpResponse<String> own = http().uploadRaw(photo, "image/jpeg", "visibility=private&allowDuplicate=true");
        assertThat(own.statusCode()).as("an image of its own").isEqualTo(201);
        for (String made : List.of(id, Http.json(own).get("id").asText())) {
            assertThat(http().send(http().request("/v1/images/" + made).DELETE().build()).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aNewRecordAskedForSharesTheStoredBytesUntilTheLastGoes() throws Exception {
        Path photo = TestImages.jpeg(tmp, 800, 600);
        byte[] bytes = Files.readAllBytes(photo);
        String a = Http.json(http().uploadRaw(photo, "image/jpeg", "filename=IMG_0001.jpg")).get("id").asText();
        HttpResponse<String> second = http().uploadRaw(photo, "image/jpeg", "filename=IMG_0001.jpg&allowDuplicate=true");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        String b = Http.json(second).get("id").asText();

        assertThat(b).isNotEqualTo(a);
        assertThat(Http.json(second).get("sha256").asText()).isEqualTo(record(a).get("sha256").asText());
        assertThat(storedOriginals()).as("one stored original for both records").hasSize(1);

        assertThat(http().send(http().request("/v1/images/" + a).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(storedOriginals()).hasSize(1);
        HttpResponse<byte[]> original = http().bytes(http().request("/i/" + b + "/original").build());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.body()).isEqualTo(bytes);

        assertThat(http().send(http().request("/v1/images/" + b).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(storedOriginals()).as("the bytes go with their last record").isEmpty();
    }
}
