package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.Outputs;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/images/{id}/renditions} end to end: queued with a job id, listed at once, made by
 * the worker, delivered; bad recipes answered 400 naming the field, outputs over the limits 422.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RenditionsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.limits.max-frames", () -> "2");
        r.add("pixflow.limits.max-output-side", () -> "4000");
        r.add("pixflow.limits.max-renditions", () -> "3");
    }

    @TempDir
    Path tmp;

    private String upload(Path file, String type) throws Exception {
        var response = http().uploadRaw(file, type, "allowDuplicate=true");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response).get("id").asText();
    }

    private HttpResponse<String> ask(String id, String json) {
        return http().send(http().request("/v1/images/" + id + "/renditions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode awaitRendition(String id, String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> record(id).get("variants").path(name).path("status").asText(), s -> !s.equals("pending"));
        JsonNode rendition = record(id).get("variants").get(name);
        assertThat(rendition.get("status").asText()).as(rendition.toString()).isEqualTo("ready");
        return rendition;
    }

    @Test
    void aRenditionIsQueuedListedMadeAndDelivered() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 1200, 800), "image/jpeg");
        awaitReady(id);

        var accepted = ask(id, """
                {"name": "hero",
                 "ops": [{"op": "resize", "width": 600, "height": 300, "fit": "cover"},
                         {"op": "text", "text": "Harbour", "size": 40, "colour": "000000", "position": "nw"}],
                 "format": "webp", "quality": 80}""");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = Http.json(accepted);
        assertThat(body.get("jobId").asLong()).isPositive();
        assertThat(body.get("name").asText()).isEqualTo("hero");
        assertThat(body.get("status").asText()).isEqualTo("pending");
        assertThat(body.get("recipe").asText()).isEqualTo("w:600,h:300,fit:cover,text:SGFyYm91cg,size:40,color:000000,tg:nw,f:webp,q:80");
        assertThat(body.get("spec").get("ops").get(1).get("text").asText()).isEqualTo("Harbour");
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/v1/images/" + id));
        assertThat(record(id).get("variants").get("hero").get("recipe").asText()).isEqualTo(body.get("recipe").asText());

        JsonNode hero = awaitRendition(id, "hero");
        assertThat(hero.get("width").asInt()).isEqualTo(600);
        assertThat(hero.get("height").asInt()).isEqualTo(300);
        assertThat(hero.get("contentType").asText()).isEqualTo("image/webp");

        var delivered = http().bytes(http().request("/i/" + id + "/hero").build());
        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(delivered.headers().firstValue("Content-Type")).contains("image/webp");
        Path file = Outputs.save(tmp, delivered.body());
        assertThat(TestImages.inspect(file).format()).isEqualTo(ImageFormat.WEBP);
        assertThat(TestImages.inspect(file).width()).isEqualTo(600);
        // The cover crop keeps the middle of the red/green top row; the text is black, top left.
        assertThat(TestImages.colourAt(file, 150, 200).isNear(Rgb.BLUE, 50)).isTrue();
        assertThat(TestImages.pixels(file).count(0, 0, 200, 60, c -> c.isNear(new Rgb(0, 0, 0), 60))).isPositive();
        assertThat(TestImages.pixels(file).count(300, 150, 300, 150, c -> c.isNear(new Rgb(0, 0, 0), 60))).isZero();

        // A name it does not have lists those it has, its asked-for renditions among them.
        var unknown = http().get("/i/" + id + "/heroes");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).get("detail").asText()).contains("original").contains("thumb").contains("hero");
    }

    /** Its URL is delivered as immutable: a name that changed its picture would leave caches showing the old one. */
    @Test
    void aNameThatHoldsARecipeRefusesAnotherAndKeepsItsBytes() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 800, 600), "image/jpeg");
        assertThat(ask(id, "{\"name\": \"banner\", \"recipe\": \"w:200\"}").statusCode()).isEqualTo(202);
        awaitRendition(id, "banner");
        var before = http().bytes(http().request("/i/" + id + "/banner").build());
        assertThat(before.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));

        var refused = ask(id, "{\"name\": \"banner\", \"recipe\": \"w:300\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Http.json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:rendition-name-taken");
        assertThat(problem.get("name").asText()).isEqualTo("banner");
        assertThat(problem.get("recipe").asText()).isEqualTo("w:200");
        JsonNode banner = record(id).get("variants").get("banner");
        assertThat(banner.get("recipe").asText()).isEqualTo("w:200");
        assertThat(banner.get("status").asText()).isEqualTo("ready");
        assertThat(http().bytes(http().request("/i/" + id + "/banner").build()).body()).isEqualTo(before.body());

        var again = ask(id, "{\"name\": \"banner\", \"recipe\": \"w:200\"}");
        assertThat(again.statusCode()).as("the same recipe again, made: nothing to queue").isEqualTo(200);
        assertThat(Http.json(again).get("status").asText()).isEqualTo("ready");
        assertThat(Http.json(again).has("jobId")).isFalse();
        assertThat(ask(id, "{\"name\": \"wide\", \"recipe\": \"w:300\"}").statusCode()).as("under a new name").isEqualTo(202);
        assertThat(awaitRendition(id, "wide").get("width").asInt()).isEqualTo(300);
    }

    private HttpResponse<String> remove(String id, String name) {
        return http().send(http().request("/v1/images/" + id + "/renditions/" + name).DELETE().build());
    }

    /** The files stored under the image's renditions prefix whose names start with {@code name}. */
    private static List<Path> stored(String id, String name) throws Exception {
        Path dir = DATA.resolve("blobs").resolve("renditions").resolve(id);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList();
        }
    }

    /**
     * A removed rendition is no longer listed, delivered or stored; its name keeps the recipe its
     * immutable URL was delivered under, and that recipe makes it again.
     */
    @Test
    void aRemovedRenditionIsGoneAndItsNameKeepsItsRecipe() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 800, 600), "image/jpeg");
        awaitReady(id);
        assertThat(ask(id, "{\"name\": \"banner\", \"recipe\": \"w:200\"}").statusCode()).isEqualTo(202);
        awaitRendition(id, "banner");
        assertThat(http().get("/i/" + id + "/banner").statusCode()).isEqualTo(200);
        assertThat(stored(id, "banner")).hasSize(1);
        String version = http().get("/v1/images/" + id).headers().firstValue("ETag").orElseThrow();

        var removed = remove(id, "banner");

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        JsonNode after = record(id);
        assertThat(after.get("variants").has("banner")).isFalse();
        assertThat(after.get("variants").has("thumb")).isTrue();
        assertThat(http().get("/v1/images/" + id).headers().firstValue("ETag")).as("a new version").isNotEqualTo(Optional.of(version));
        var gone = http().get("/i/" + id + "/banner");
        assertThat(gone.statusCode()).isEqualTo(404);
        String known = Http.json(gone).get("detail").asText().replaceFirst(".*known: ", "");
        assertThat(known).contains("thumb").doesNotContain("banner");
        assertThat(stored(id, "banner")).as("its bytes").isEmpty();
        assertThat(remove(id, "banner").statusCode()).as("already removed").isEqualTo(404);

        var other = ask(id, "{\"name\": \"banner\", \"recipe\": \"w:300\"}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
        assertThat(Http.json(other).get("recipe").asText()).isEqualTo("w:200");
        assertThat(ask(id, "{\"name\": \"banner\", \"recipe\": \"w:200\"}").statusCode()).as("made again").isEqualTo(202);
        assertThat(awaitRendition(id, "banner").get("width").asInt()).isEqualTo(200);
        assertThat(http().get("/i/" + id + "/banner").statusCode()).isEqualTo(200);
    }

    /** An image holds so many names, removed ones included (each keeps its name); those it holds are asked for again. */
    @Test
    void anImageHoldsSoManyRenditionNamesRemovedOnesIncluded() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 400, 300), "image/jpeg");
        for (String name : List.of("a", "b", "c")) {
            assertThat(ask(id, "{\"name\": \"" + name + "\", \"recipe\": \"w:50\"}").statusCode()).isEqualTo(202);
        }

        var refused = ask(id, "{\"name\": \"d\", \"recipe\": \"w:50\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Http.json(refused).get("type").asText()).isEqualTo("urn:pixflow:problem:too-many-renditions");
        assertThat(Http.json(refused).get("limit").asInt()).isEqualTo(3);
        assertThat(record(id).get("variants").has("d")).isFalse();
        assertThat(ask(id, "{\"name\": \"c\", \"recipe\": \"w:50\"}").statusCode()).as("one it holds, again").isIn(200, 202);
        assertThat(remove(id, "a").statusCode()).isEqualTo(204);
        assertThat(ask(id, "{\"name\": \"d\", \"recipe\": \"w:50\"}").statusCode()).as("a removed name still counts").isEqualTo(409);
        assertThat(ask(id, "{\"name\": \"a\", \"recipe\": \"w:50\"}").statusCode()).as("and is asked for again").isEqualTo(202);
    }

    /** The record's version, as its edit and delete take it: a stale one changes nothing (412). */
    @Test
    void anIfMatchOfAnOlderVersionIsRefusedAndTheCurrentOneTaken() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 400, 300), "image/jpeg");
        awaitReady(id);
        assertThat(ask(id, "{\"name\": \"keep\", \"recipe\": \"w:60\"}").statusCode()).isEqualTo(202);
        String stale = http().get("/v1/images/" + id).headers().firstValue("ETag").orElseThrow();
        assertThat(ask(id, "{\"name\": \"other\", \"recipe\": \"w:70\"}").statusCode()).isEqualTo(202);

        var refusedRemoval = http().send(http().request("/v1/images/" + id + "/renditions/keep").header("If-Match", stale)
                .DELETE().build());
        var refusedRequest = http().send(http().request("/v1/images/" + id + "/renditions").header("If-Match", stale)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"third\", \"recipe\": \"w:80\"}")).build());

        assertThat(refusedRemoval.statusCode()).as(refusedRemoval.body()).isEqualTo(412);
        assertThat(Http.json(refusedRemoval).get("type").asText()).isEqualTo("urn:pixflow:problem:precondition-failed");
        assertThat(refusedRequest.statusCode()).as(refusedRequest.body()).isEqualTo(412);
        JsonNode unchanged = record(id).get("variants");
        assertThat(unchanged.has("keep")).isTrue();
        assertThat(unchanged.has("third")).isFalse();
        // Once both are made, the record stays the version read (a render recorded meanwhile is a change).
        awaitRendition(id, "keep");
        awaitRendition(id, "other");
        String current = http().get("/v1/images/" + id).headers().firstValue("ETag").orElseThrow();
        assertThat(http().send(http().request("/v1/images/" + id + "/renditions/keep").header("If-Match", current)
                .DELETE().build()).statusCode()).isEqualTo(204);
    }

    @Test
    void aConfiguredVariantOrAnUnknownNameIsNotRemoved() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 640, 480), "image/jpeg");
        awaitReady(id);

        var variant = remove(id, "thumb");
        assertThat(variant.statusCode()).as(variant.body()).isEqualTo(400);
        assertThat(Http.json(variant).get("type").asText()).isEqualTo("urn:pixflow:problem:invalid-field");
        assertThat(Http.json(variant).get("field").asText()).isEqualTo("name");
        assertThat(record(id).get("variants").get("thumb").get("status").asText()).isEqualTo("ready");
        assertThat(http().get("/i/" + id + "/thumb").statusCode()).isEqualTo(200);

        var unknown = remove(id, "nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).get("detail").asText()).contains("asked for: none");
        assertThat(remove("0190a000-0000-7000-8000-000000000000", "nope").statusCode()).isEqualTo(404);
        assertThat(remove("not-an-id", "nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theTextFormWorksTooAndAnUnnamedRenditionIsNamedByItsHash() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 900, 600), "image/jpeg");

        var accepted = ask(id, "{\"recipe\": \"crop:1:1,w:100,gray:1,f:png\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String name = Http.json(accepted).get("name").asText();
        assertThat(name).matches("r-[0-9a-f]{16}");
        JsonNode made = awaitRendition(id, name);
        assertThat(made.get("width").asInt()).isEqualTo(100);
        assertThat(made.get("height").asInt()).isEqualTo(100);
        assertThat(made.get("contentType").asText()).isEqualTo("image/png");
        // The default variants are still there, beside it.
        assertThat(awaitReady(id).get("variants").get("thumb").get("width").asInt()).isEqualTo(256);
    }

    @Test
    void autoFormatFollowsTheAcceptHeaderOfTheRequest() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 400, 300), "image/jpeg");

        var accepted = http().send(http().request("/v1/images/" + id + "/renditions")
                .header("Content-Type", "application/json").header("Accept", "image/avif,image/webp,*/*")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"auto\", \"recipe\": \"w:200,f:auto\"}")).build());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(Http.json(accepted).get("recipe").asText()).isEqualTo("w:200,f:avif");
        assertThat(awaitRendition(id, "auto").get("contentType").asText()).isEqualTo("image/avif");

        // A GIF keeps its frames: GIF for a client that takes neither WebP nor AVIF, not a still PNG.
        String gif = upload(TestImages.animatedGif(tmp, 60, 40, 3), "image/gif");
        var animated = http().send(http().request("/v1/images/" + gif + "/renditions")
                .header("Content-Type", "application/json").header("Accept", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"auto\", \"recipe\": \"w:30,f:auto\"}")).build());
        assertThat(Http.json(animated).get("recipe").asText()).isEqualTo("w:30,f:gif");
    }

    @Test
    void aWatermarkCanBeAnotherStoredImage() throws Exception {
        String base = upload(TestImages.flat(tmp, 800, 600, Rgb.GREY), "image/png");
        String logo = upload(TestImages.flat(tmp, 200, 100, Rgb.RED), "image/png");

        var accepted = ask(base, "{\"name\": \"marked\", \"ops\": [{\"op\": \"watermark\", \"image\": \"" + logo
                + "\", \"position\": \"nw\", \"margin\": 0, \"opacity\": 100, \"scale\": 50}], \"format\": \"png\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        awaitRendition(base, "marked");
        Path file = Outputs.save(tmp, http().bytes(http().request("/i/" + base + "/marked").build()).body());
        assertThat(TestImages.colourAt(file, 10, 10)).isEqualTo(Rgb.RED);
        assertThat(TestImages.colourAt(file, 390, 190)).isEqualTo(Rgb.RED);
        assertThat(TestImages.colourAt(file, 410, 210)).isEqualTo(Rgb.GREY);
    }

    @Test
    void anAnimationOverTheFrameLimitKeepsItsFirstFrameAndTheRecordSaysSo() throws Exception {
        String short2 = upload(TestImages.animatedGif(tmp, 60, 40, 2), "image/gif");
        String long3 = upload(TestImages.animatedGif(tmp, 60, 40, 3), "image/gif");

        assertThat(ask(short2, "{\"name\": \"anim\", \"recipe\": \"w:30,f:gif\"}").statusCode()).isEqualTo(202);
        assertThat(ask(long3, "{\"name\": \"anim\", \"recipe\": \"w:30,f:gif\"}").statusCode()).isEqualTo(202);

        JsonNode kept = awaitRendition(short2, "anim");
        assertThat(kept.get("frames").asInt()).isEqualTo(2);
        assertThat(kept.has("firstFrameOnly")).isFalse();
        JsonNode cut = awaitRendition(long3, "anim");
        assertThat(cut.get("firstFrameOnly").asBoolean()).isTrue();
        assertThat(cut.has("frames")).isFalse();
    }

    @Test
    void badRecipesAreRefusedNamingTheField() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 300, 200), "image/jpeg");

        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"resize\", \"width\": -1}]}"), "ops[0].width");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"resize\", \"width\": 10}, {\"op\": \"spin\"}]}"), "ops[1].op");
        var misspelt = ask(id, "{\"ops\": [{\"op\": \"resize\", \"widht\": 10}]}");
        assertInvalid(misspelt, "ops[0].widht");
        assertThat(Http.json(misspelt).get("detail").asText()).contains("known:").contains("width").doesNotContain("dev.pixflow");
        var wordy = ask(id, "{\"ops\": [{\"op\": \"resize\", \"width\": \"wide\"}]}");
        assertThat(Http.json(wordy).get("detail").asText()).isEqualTo("ops[0].width: must be a whole number");
        assertInvalid(ask(id, "{\"ops\": [{\"width\": 10}]}"), "ops[0].op");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"resize\", \"width\": \"wide\"}]}"), "ops[0].width");
        // A width of 1.5 is not a whole number of pixels, not 1.
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"resize\", \"width\": 1.5}]}"), "ops[0].width");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"text\", \"text\": \"hi\", \"colour\": \"red\"}]}"), "ops[0].colour");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"crop\", \"aspect\": \"wide\"}]}"), "ops[0].aspect");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"crop\", \"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"aspect\": \"1:1\"}]}"),
                "ops[0].aspect");
        // Text that draws nothing (a zero-width space, a no-break space) would fail every render of its job.
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"text\", \"text\": \"\\u200b\"}]}"), "text");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"text\", \"text\": \"\\u00a0\"}]}"), "text");
        // A rectangle that starts outside the 300x200 image.
        assertInvalid(ask(id, "{\"recipe\": \"crop:100x100+1000+1000\"}"), "crop");
        assertInvalid(ask(id, "{\"recipe\": \"w:abc\"}"), "w");
        assertInvalid(ask(id, "{\"recipe\": \"w:100,f:bmp\"}"), "f");
        assertInvalid(ask(id, "{\"format\": \"png\", \"quality\": 80}"), "quality");
        assertInvalid(ask(id, "{\"quality\": 500}"), "quality");
        assertInvalid(ask(id, "{\"name\": \"Big Name!\", \"recipe\": \"w:100\"}"), "name");
        assertInvalid(ask(id, "{\"name\": \"thumb\", \"recipe\": \"w:100\"}"), "name");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"watermark\", \"image\": \"0190a000-0000-7000-8000-000000000000\"}]}"),
                "ops[0].image");
        assertInvalid(ask(id, "{\"ops\": [{\"op\": \"watermark\", \"image\": \"logo\"}]}"), "ops[0].image");
        assertThat(ask("0190a000-0000-7000-8000-000000000000", "{\"recipe\": \"w:100\"}").statusCode()).isEqualTo(404);
        // One JSON value is the body: what follows it is not ignored.
        int variants = record(id).get("variants").size();
        var trailing = ask(id, "{\"name\": \"first\", \"recipe\": \"w:100\"} {\"recipe\": \"w:5000\"}");
        assertInvalid(trailing, "body");
        assertInvalid(ask(id, "{\"recipe\": "), "body");
        assertThat(record(id).get("variants").size()).as("nothing was asked for").isEqualTo(variants);
    }

    @Test
    void anOutputOverTheLimitIs422BeforeAnythingIsQueued() throws Exception {
        String id = upload(TestImages.jpeg(tmp, 300, 200), "image/jpeg");

        var refused = ask(id, "{\"name\": \"huge\", \"recipe\": \"w:5000,enlarge:1\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(Http.json(refused).get("type").asText()).isEqualTo("urn:pixflow:problem:too-many-pixels");
        assertThat(record(id).get("variants").has("huge")).isFalse();
        assertThat(ask(id, "{\"name\": \"fine\", \"recipe\": \"w:4000,enlarge:1\"}").statusCode()).isEqualTo(202);
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:invalid-field");
        assertThat(problem.get("field").asText()).as(problem.toString()).isEqualTo(field);
    }
}
