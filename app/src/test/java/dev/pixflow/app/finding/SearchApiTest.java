package dev.pixflow.app.finding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/images} as a search over HTTP: words, filters, sorts and cursors; tag counts and bulk
 * tagging; file names that are only names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path FILES = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
    }

    private final Map<String, String> ids = new LinkedHashMap<>();

    /** Every image has its own bytes (its own size), or the second would be the first's duplicate. */
    @BeforeAll
    void photos() throws Exception {
        upload("harbour", TestImages.jpeg(FILES, 1200, 800), "title=Boats%20in%20the%20harbour&tags=sea,boats&filename=IMG_0101.jpg");
        upload("dusk", TestImages.png(FILES, 640, 960), "title=Dusk&description=The%20harbour%20at%20dusk&tags=sea&filename=dusk.png");
        upload("square", TestImages.jpeg(FILES, 500, 500), "title=Mountain%20lake&tags=alps&filename=harbour-notes.jpg");
        upload("lake", TestImages.jpeg(FILES, 900, 600), "title=Lake%20shore&tags=alps,lake&filename=IMG_0104.jpg");
    }

    private void upload(String name, Path file, String query) throws Exception {
        String type = file.toString().endsWith(".png") ? "image/png" : "image/jpeg";
        HttpResponse<String> r = http().uploadRaw(file, type, query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        ids.put(name, Http.json(r).get("id").asText());
    }

    private List<String> names(String query) {
        HttpResponse<String> r = http().get("/v1/images?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode item : Http.json(r).get("items")) {
            ids.forEach((name, id) -> {
                if (id.equals(item.get("id").asText())) {
                    out.add(name);
                }
            });
        }
        return out;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void wordsFindImagesByTitleDescriptionTagsAndFileNameMostRelevantFirst() {
        // harbour: in the title (4) and in the other's description (2) and file name (1).
        assertThat(names(q("harbour"))).containsExactly("harbour", "dusk", "square");
        assertThat(names(q("boat"))).containsExactly("harbour");
        assertThat(names(q("harb"))).containsExactly("harbour", "dusk", "square");
        assertThat(names(q("img 0104"))).containsExactly("lake");
        assertThat(names(q("harbour") + "&sort=oldest")).containsExactly("harbour", "dusk", "square");
        assertThat(names(q("harbour") + "&sort=newest")).containsExactly("square", "dusk", "harbour");
    }

    @Test
    void filtersNarrowTheListing() {
        assertThat(names("tag=sea&tag=boats")).containsExactly("harbour");
        assertThat(names("tag=alps")).containsExactly("lake", "square");
        assertThat(names("orientation=portrait")).containsExactly("dusk");
        assertThat(names("orientation=square")).containsExactly("square");
        assertThat(names("format=png")).containsExactly("dusk");
        assertThat(names("minWidth=800&sort=oldest")).containsExactly("harbour", "lake");
        assertThat(names("minHeight=900")).containsExactly("dusk");
        assertThat(names("status=processing&sort=oldest")).containsExactly("harbour", "dusk", "square", "lake");
        assertThat(names("hasGps=true")).isEmpty();
        assertThat(names("from=2000-01-01&to=2999-12-31&" + q("lake"))).containsExactly("lake", "square");
        assertThat(names("to=2000-01-01")).isEmpty();
        assertThat(names(q("sea") + "&tag=boats")).containsExactly("harbour");
    }

    @Test
    void cursorsWalkEverySortWithoutRepeats() {
        for (String sort : List.of("newest", "oldest")) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = Http.json(http().get("/v1/images?limit=1&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor)));
                page.get("items").forEach(i -> seen.add(i.get("id").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null);
            assertThat(seen).hasSize(seen.stream().distinct().toList().size());
            assertThat(seen).containsAll(ids.values());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Http.json(http().get("/v1/images?limit=1&" + q("harbour") + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(i -> seen.add(i.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactly(ids.get("harbour"), ids.get("dusk"), ids.get("square"));
    }

    @Test
    void badSearchesAreRefusedNamingTheParameter() {
        assertProblem(http().get("/v1/images?sort=relevance"), "sort");
        assertProblem(http().get("/v1/images?orientation=round"), "orientation");
        assertProblem(http().get("/v1/images?minWidth=wide"), "minWidth");
        assertProblem(http().get("/v1/images?from=yesterday"), "from");
        assertProblem(http().get("/v1/images?format=bmp"), "format");
        assertProblem(http().get("/v1/images?hasGps=maybe"), "hasGps");
        assertProblem(http().get("/v1/images?colour=red"), "colour");
        assertProblem(http().get("/v1/images?q=%20...%20"), "q");
        String relevance = Http.json(http().get("/v1/images?limit=1&" + q("harbour"))).get("nextCursor").asText();
        assertProblem(http().get("/v1/images?sort=newest&cursor=" + relevance), "cursor");
        // Given twice, a filter is refused whichever value is blank: none is silently dropped.
        for (String name : List.of("format", "status", "minWidth", "cursor")) {
            assertProblem(http().get("/v1/images?" + name + "=&" + name + "=png"), name);
            assertProblem(http().get("/v1/images?" + name + "=png&" + name + "="), name);
        }
    }

    private static void assertProblem(HttpResponse<String> r, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:invalid-field");
        assertThat(Http.json(r).get("field").asText()).isEqualTo(field);
    }

    @Test
    void tagsAreCountedAndChangedOnManyImagesAtOnce() {
        JsonNode tags = Http.json(http().get("/v1/tags")).get("tags");
        assertThat(tags.get(0).get("tag").asText()).isIn("sea", "alps");
        assertThat(tags.get(0).get("count").asInt()).isEqualTo(2);

        String body = """
                {"ids": ["%s", "%s", "0190a000-0000-7000-8000-999999999999"], "add": ["Favourite"], "remove": ["sea"]}"""
                .formatted(ids.get("harbour"), ids.get("dusk"));
        HttpResponse<String> r = http().send(http().request("/v1/images/tags").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Http.json(r).get("updated")).extracting(JsonNode::asText).containsExactly(ids.get("harbour"), ids.get("dusk"));
        assertThat(Http.json(r).get("missing")).extracting(JsonNode::asText).containsExactly("0190a000-0000-7000-8000-999999999999");
        assertThat(Http.json(r).get("unchanged")).isEmpty();
        assertThat(record(ids.get("harbour")).get("tags")).extracting(JsonNode::asText).containsExactly("boats", "favourite");
        assertThat(names("tag=favourite&sort=oldest")).containsExactly("harbour", "dusk");

        String undo = """
                {"ids": ["%s", "%s"], "add": ["sea"], "remove": ["favourite"]}""".formatted(ids.get("harbour"), ids.get("dusk"));
        http().send(http().request("/v1/images/tags").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(undo)).build());
        assertThat(names("tag=sea&sort=oldest")).containsExactly("harbour", "dusk");
    }

    @Test
    void aBulkChangeThatFindsAnImageAsAskedLeavesItsVersionAlone() {
        String harbour = ids.get("harbour");
        String dusk = ids.get("dusk");
        HttpResponse<String> before = http().get("/v1/images/" + harbour);
        String body = """
                {"ids": ["%s", "%s"], "add": ["boats"], "remove": ["never-there"]}""".formatted(harbour, dusk);
        HttpResponse<String> r = retag(body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode done = Http.json(r);
        assertThat(done.get("unchanged")).extracting(JsonNode::asText).containsExactly(harbour);
        assertThat(done.get("updated")).extracting(JsonNode::asText).containsExactly(dusk);
        assertThat(done.get("missing")).isEmpty();
        assertThat(http().get("/v1/images/" + harbour).headers().firstValue("ETag"))
                .as("no new version of an image already as asked").isEqualTo(before.headers().firstValue("ETag"));

        HttpResponse<String> both = retag("""
                {"ids": ["%s"], "add": ["Night"], "remove": ["night"]}""".formatted(dusk), null);
        assertThat(both.statusCode()).as(both.body()).isEqualTo(400);
        assertThat(Http.json(both).get("field").asText()).isEqualTo("remove");
        assertThat(Http.json(both).get("detail").asText()).contains("night");

        HttpResponse<String> conditional = retag("""
                {"ids": ["%s"], "add": ["night"]}""".formatted(dusk), before.headers().firstValue("ETag").orElseThrow());
        assertThat(conditional.statusCode()).as(conditional.body()).isEqualTo(412);
        assertThat(conditional.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(record(dusk).get("tags")).extracting(JsonNode::asText).doesNotContain("night");

        retag("""
                {"ids": ["%s"], "remove": ["boats"]}""".formatted(dusk), null);
    }

    private HttpResponse<String> retag(String body, String ifMatch) {
        var request = http().request("/v1/images/tags").header("Content-Type", "application/json");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http().send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void twoUploadsOfTheSameNameAreTwoImages() throws Exception {
        Path first = Files.copy(TestImages.jpeg(FILES, 301, 200), FILES.resolve("one.jpg"));
        Path second = Files.copy(TestImages.jpeg(FILES, 302, 200), FILES.resolve("two.jpg"));
        JsonNode a = Http.json(http().uploadRaw(first, "image/jpeg", "filename=IMG_0001.jpg"));
        JsonNode b = Http.json(http().uploadRaw(second, "image/jpeg", "filename=IMG_0001.jpg"));

        assertThat(a.get("id").asText()).isNotEqualTo(b.get("id").asText());
        assertThat(a.get("filename").asText()).isEqualTo("IMG_0001.jpg");
        assertThat(b.get("filename").asText()).isEqualTo("IMG_0001.jpg");
        assertThat(http().bytes(http().request("/i/" + a.get("id").asText() + "/original").build()).body())
                .isEqualTo(Files.readAllBytes(first));
        assertThat(http().bytes(http().request("/i/" + b.get("id").asText() + "/original").build()).body())
                .isEqualTo(Files.readAllBytes(second));
        assertThat(Http.json(http().get("/v1/images?" + q("img 0001") + "&sort=oldest")).get("items"))
                .extracting(i -> i.get("id").asText()).containsExactly(a.get("id").asText(), b.get("id").asText());
        http().send(http().request("/v1/images/" + a.get("id").asText()).DELETE().build());
        http().send(http().request("/v1/images/" + b.get("id").asText()).DELETE().build());
    }
}
