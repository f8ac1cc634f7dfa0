package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two owners, two keys, and an admin: each key sees and changes its own images and uploads only
 * (another owner's answer exactly like a missing one, 404), private images are delivered to their
 * owner only, and requests without a valid key are refused with a 401 problem once keys exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OwnershipTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    private static String ana;
    private static String bo;
    private static String ops;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    @BeforeEach
    void keys() {
        if (ana == null) {
            ana = keys.issue("ana", false).token();
            bo = keys.issue("bo", false).token();
            ops = keys.issue("ops", true).token();
        }
    }

    private AsKey as(String token) {
        return new AsKey(http(), token);
    }

    private String upload(String token, String query) throws Exception {
        var r = as(token).upload(TestImages.jpeg(tmp, 640, 480), query == null ? "allowDuplicate=true" : query + "&allowDuplicate=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).get("id").asText();
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:" + type);
    }

    @Test
    void withoutAKeyOrWithABadOneEveryApiRequestIs401() {
        HttpResponse<String> none = as(null).get("/v1/images");
        assertProblem(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertProblem(as("pxf_not-a-key").get("/v1/images"), 401, "unauthorized");
        HttpResponse<String> emptyBearer = http().send(http().request("/v1/images").header("Authorization", "Bearer ").GET().build());
        assertProblem(emptyBearer, 401, "unauthorized");
        assertThat(Http.json(emptyBearer).get("detail").asText()).as("told it needs a key, as without the header")
                .contains("needs an API key");
        assertProblem(http().send(http().request("/v1/images").header("Authorization", "Basic YW5hOmFuYQ==").GET().build()),
                401, "unauthorized");
        assertProblem(as(null).json("POST", "/v1/uploads", "{\"filename\": \"a.jpg\"}"), 401, "unauthorized");
        assertThat(as(null).get("/actuator/health").statusCode()).as("probes need no key").isEqualTo(200);
    }

    @Test
    void aRevokedKeyIs401FromThenOn() {
        ApiKeys.Issued temp = keys.issue("cy", false);
        assertThat(as(temp.token()).get("/v1/images").statusCode()).isEqualTo(200);
        assertThat(keys.revoke(temp.key().id())).isTrue();
        assertProblem(as(temp.token()).get("/v1/images"), 401, "unauthorized");
    }

    @Test
    void anOwnerListsReadsEditsAndDeletesOnlyItsOwnImages() throws Exception {
        String mine = upload(ana, "title=Mine");
        String theirs = upload(bo, "title=Theirs");

        List<String> listed = new ArrayList<>();
        Http.json(as(ana).get("/v1/images?limit=100")).get("items").forEach(i -> listed.add(i.get("id").asText()));
        assertThat(listed).contains(mine).doesNotContain(theirs);
        assertThat(Http.json(as(ana).get("/v1/images/" + mine)).get("owner").asText()).isEqualTo("ana");

        assertProblem(as(ana).get("/v1/images/" + theirs), 404, "not-found");
        assertProblem(as(ana).json("PATCH", "/v1/images/" + theirs, "{\"title\": \"Stolen\"}"), 404, "not-found");
        assertProblem(as(ana).delete("/v1/images/" + theirs), 404, "not-found");
        assertProblem(as(ana).json("POST", "/v1/images/" + theirs + "/renditions", "{\"recipe\": \"w:100\"}"), 404, "not-found");
        // Nor may another owner's image be drawn onto one's own as a watermark.
        var watermark = as(ana).json("POST", "/v1/images/" + mine + "/renditions",
                "{\"ops\": [{\"op\": \"watermark\", \"image\": \"" + theirs + "\"}]}");
        assertProblem(watermark, 400, "invalid-field");

        assertThat(as(bo).json("POST", "/v1/images/" + theirs + "/renditions", "{\"name\": \"mine\", \"recipe\": \"w:100\"}")
                .statusCode()).isEqualTo(202);
        assertProblem(as(ana).delete("/v1/images/" + theirs + "/renditions/mine"), 404, "not-found");

        JsonNode untouched = Http.json(as(bo).get("/v1/images/" + theirs));
        assertThat(untouched.get("title").asText()).isEqualTo("Theirs");
        assertThat(untouched.get("variants").has("mine")).as("another owner's removal removed nothing").isTrue();
        assertThat(as(bo).delete("/v1/images/" + theirs + "/renditions/mine").statusCode()).as("its owner's").isEqualTo(204);
        assertThat(as(bo).json("PATCH", "/v1/images/" + theirs, "{\"title\": \"Renamed\"}").statusCode()).isEqualTo(200);
        assertThat(as(bo).delete("/v1/images/" + theirs).statusCode()).isEqualTo(204);
        assertThat(as(ana).get("/v1/images/" + mine).statusCode()).isEqualTo(200);
    }

    @Test
    void aMultipartUploadBelongsToItsOwner() {
        var started = as(bo).json("POST", "/v1/uploads", "{\"filename\": \"big.jpg\", \"contentType\": \"image/jpeg\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String upload = Http.json(started).get("uploadId").asText();

        assertProblem(as(ana).get("/v1/uploads/" + upload), 404, "not-found");
        assertProblem(as(ana).put("/v1/uploads/" + upload + "/parts/1", new byte[]{1, 2, 3}), 404, "not-found");
        assertProblem(as(ana).json("POST", "/v1/uploads/" + upload + "/complete",
                "{\"parts\": [{\"partNumber\": 1, \"etag\": \"x\"}]}"), 404, "not-found");
        assertProblem(as(ana).delete("/v1/uploads/" + upload), 404, "not-found");

        assertThat(Http.json(as(bo).get("/v1/uploads/" + upload)).get("state").asText()).isEqualTo("open");
        assertThat(as(bo).delete("/v1/uploads/" + upload).statusCode()).isEqualTo(204);
    }

    @Test
    void aPrivateImageIsDeliveredToItsOwnerOnly() throws Exception {
        String hidden = upload(ana, "visibility=private");
        String shown = upload(ana, null);
        assertThat(Http.json(as(ana).get("/v1/images/" + hidden)).get("visibility").asText()).isEqualTo("private");
        assertThat(Http.json(as(ana).get("/v1/images/" + shown)).get("visibility").asText()).isEqualTo("public");

        assertThat(as(null).bytes("/i/" + shown + "/original").statusCode()).as("public: anyone").isEqualTo(200);
        assertThat(as(bo).bytes("/i/" + shown + "/thumb").statusCode()).isEqualTo(200);
        assertThat(as(null).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(404);
        assertThat(as(null).bytes("/i/" + hidden + "/thumb").statusCode()).isEqualTo(404);
        assertThat(as(bo).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> own = as(ana).bytes("/i/" + hidden + "/original");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).hasSizeGreaterThan(100);
        assertThat(as("pxf_not-a-key").bytes("/i/" + shown + "/original").statusCode())
                .as("a bad key is refused even where none is needed").isEqualTo(401);
        // A site behind HTTP Basic auth: the browser sends the site's credentials with its every image.
        for (String path : List.of("/i/" + shown + "/thumb", "/i/" + hidden + "/thumb")) {
            HttpResponse<byte[]> basic = http().bytes(http().request(path).header("Authorization", "Basic YW5hOmFuYQ==").build());
            assertThat(basic.statusCode()).as("%s with a site's Basic credentials: as to anyone", path)
                    .isEqualTo(path.contains(shown) ? 200 : 404);
        }

        assertThat(as(ana).json("PATCH", "/v1/images/" + hidden, "{\"visibility\": \"public\"}").statusCode()).isEqualTo(200);
        assertThat(as(null).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(200);
        assertThat(as(ana).json("PATCH", "/v1/images/" + hidden, "{\"visibility\": \"private\"}").statusCode()).isEqualTo(200);
        assertThat(as(null).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(404);
        assertProblem(as(ana).json("PATCH", "/v1/images/" + hidden, "{\"visibility\": \"secret\"}"), 400, "invalid-field");
    }

    /**
     * An unsigned transformation URL is anyone's to write: its watermark may only be a public image of
     * the same owner, or private pixels, another owner's or the owner's own, would come out drawn onto
     * a public one. (Signed URLs, written by the site: TransformUrlsTest.)
     */
    @Test
    void aTransformationDrawsOnlyItsOwnersPublicImagesAsWatermarks() throws Exception {
        String shown = upload(ana, null);
        String anasMark = upload(ana, null);
        String anasPrivate = upload(ana, "visibility=private");
        String theirs = upload(bo, "visibility=private");
        String theirsPublic = upload(bo, null);

        for (String foreign : List.of(theirs, theirsPublic, anasPrivate)) {
            for (String caller : java.util.Arrays.asList(null, ana, bo)) {
                HttpResponse<byte[]> drawn = as(caller).bytes("/t/_/wm:" + foreign + ",scale:100,opacity:100,f:png/" + shown);
                assertThat(drawn.statusCode()).as("%s's image as a watermark, asked by %s", foreign, caller).isEqualTo(400);
                assertThat(new String(drawn.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("urn:pixflow:problem:invalid-field").contains("\"field\":\"wm\"");
            }
        }
        HttpResponse<byte[]> own = as(null).bytes("/t/_/wm:" + anasMark + ",scale:50,f:png/" + shown);
        assertThat(own.statusCode()).as("the owner's own public image").isEqualTo(200);

        // The result is stored now; made private, the mark is no longer drawn, stored result or not (once
        // the answer delivery keeps of the image it is drawn on, for the lookup cache's TTL, has gone).
        assertThat(as(ana).json("PATCH", "/v1/images/" + anasMark, "{\"visibility\": \"private\"}").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> as(null).bytes("/t/_/wm:" + anasMark + ",scale:50,f:png/" + shown).statusCode() == 400);
    }

    @Test
    void aMultipartUploadKeepsTheVisibilityAskedForAtItsStart() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(tmp, 320, 240));
        var started = as(ana).json("POST", "/v1/uploads",
                "{\"filename\": \"p.jpg\", \"contentType\": \"image/jpeg\", \"visibility\": \"private\"}");
        String upload = Http.json(started).get("uploadId").asText();
        var part = as(ana).put("/v1/uploads/" + upload + "/parts/1", jpeg);
        assertThat(part.statusCode()).as(part.body()).isEqualTo(200);
        var done = as(ana).json("POST", "/v1/uploads/" + upload + "/complete",
                "{\"parts\": [{\"partNumber\": 1, \"etag\": \"" + Http.json(part).get("etag").asText() + "\"}]}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        String id = Http.json(done).get("id").asText();
        assertThat(Http.json(done).get("visibility").asText()).isEqualTo("private");
        assertThat(as(null).bytes("/i/" + id + "/original").statusCode()).isEqualTo(404);
        assertThat(as(ana).bytes("/i/" + id + "/original").statusCode()).isEqualTo(200);
    }

    @Test
    void adminEndpointsNeedAnAdminKey() {
        assertProblem(as(null).get("/v1/admin/queues"), 401, "unauthorized");
        assertProblem(as(ana).get("/v1/admin/queues"), 403, "admin-only");
        assertProblem(as(ana).get("/v1/admin/dead-letters"), 403, "admin-only");
        assertProblem(as(ana).json("POST", "/v1/admin/dlq/redrive", "{\"all\": true}"), 403, "admin-only");

        var queues = as(ops).get("/v1/admin/queues");
        assertThat(queues.statusCode()).as(queues.body()).isEqualTo(200);
        JsonNode jobs = Http.json(queues).get("queues").get(0);
        assertThat(jobs.get("name").asText()).isEqualTo("jobs");
        assertThat(jobs.has("depth") && jobs.has("inFlight") && jobs.has("oldestAgeSeconds") && jobs.has("dead")).isTrue();
        assertThat(as(ops).get("/v1/admin/dead-letters").statusCode()).isEqualTo(200);
    }
}
