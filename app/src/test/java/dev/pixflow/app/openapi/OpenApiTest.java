package dev.pixflow.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description covers the whole API: every request handler of the app is an operation in
 * it, and every problem type the app answers is documented, on at least one operation, with its status.
 * It is served without a key on a server that has keys, as is Swagger UI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    /** Where the app makes its problem documents: {@code problem(HttpStatus.X, "slug", ...)}. */
    static final List<Path> PROBLEM_SOURCES = List.of(Path.of("src/main/java/dev/pixflow/app/web/Problems.java"),
            Path.of("src/main/java/dev/pixflow/app/delivery/DeliveryProblems.java"),
            Path.of("src/main/java/dev/pixflow/app/web/ContainerErrors.java"));
    private static final Pattern PROBLEM = Pattern.compile("(?:problem|respond)\\(HttpStatus\\.([A-Z_]+),\\s*\"([a-z0-9-]+)\"");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    ApiKeys keys;

    private static JsonNode document;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    private JsonNode document() {
        if (document == null) {
            if (keys.noneIssued()) {
                keys.issue("someone", false);
            }
            var r = http().get("/v3/api-docs");
            assertThat(r.statusCode()).as("served without a key on a server with keys: " + r.body()).isEqualTo(200);
            document = Http.json(r);
        }
        return document;
    }

    /**
     * An operation that makes something is described with the status it answers (a generated client
     * branches on it), not the 200 the description would otherwise assume; where it also answers 200
     * (a duplicate upload, a completion repeated), that is described too.
     */
    @Test
    void operationsAreDescribedWithTheSuccessStatusTheyAnswer() {
        Map<String, String> expected = Map.of("post /v1/images", "201", "post /v1/uploads", "201",
                "post /v1/images/{id}/renditions", "202",
                "delete /v1/images/{id}", "204", "delete /v1/uploads/{uploadId}", "204", "post /v1/admin/keys", "201",
                "delete /v1/admin/keys/{id}", "204", "post /v1/admin/webhooks", "201", "delete /v1/admin/webhooks/{id}", "204");
        expected.forEach((operation, status) -> {
            String verb = operation.substring(0, operation.indexOf(' '));
            JsonNode responses = document().path("paths").path(operation.substring(operation.indexOf(' ') + 1)).path(verb)
                    .path("responses");
            assertThat(responses.has(status)).as(operation + " answers " + status + ": " + responses.properties()).isTrue();
            assertThat(responses.has("200")).as(operation + " answers 200 only when it has nothing new to make")
                    .isEqualTo(operation.equals("post /v1/images") || operation.equals("post /v1/images/{id}/renditions"));
        });
        assertThat(document().at("/paths/~1v1~1uploads~1{uploadId}~1complete/post/responses").has("201")).isTrue();
        assertThat(document().at("/paths/~1v1~1uploads~1{uploadId}~1complete/post/responses").has("200")).isTrue();
    }

    /** The listing reads its whole query itself: its parameters are described one by one, as a client sends them. */
    @Test
    void theListingDescribesEachOfItsParameters() {
        JsonNode get = document().at("/paths/~1v1~1images/get");
        List<String> names = new ArrayList<>();
        get.path("parameters").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("q", "tag", "owner", "from", "to", "format", "orientation", "hasGps", "sort", "limit", "cursor")
                .doesNotContain("params");
        assertThat(get.path("parameters").findValues("required")).noneMatch(JsonNode::asBoolean);
        assertThat(get.at("/responses/200/content").fieldNames()).toIterable().containsExactly("application/json");
        assertThat(get.at("/responses/200/content/application~1json/schema/$ref").asText()).endsWith("ImagePage");
    }

    @Test
    void isOpenApi31() {
        assertThat(document().get("openapi").asText()).startsWith("3.1");
        assertThat(document().at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyHandlerOfTheAppIsAnOperation() {
        List<String> handled = new ArrayList<>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("dev.pixflow.app")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    handled.add(verb.name().toLowerCase() + " " + pattern);
                }
            }
        });
        assertThat(handled).as("the app's handlers").hasSizeGreaterThan(25)
                .contains("post /v1/images", "get /i/{id}/{variant}", "get /v1/admin/webhooks");
        List<String> missing = handled.stream()
                .filter(h -> document().path("paths").path(h.substring(h.indexOf(' ') + 1)).path(h.substring(0, h.indexOf(' '))).isMissingNode())
                .toList();
        assertThat(missing).as("handlers without an operation").isEmpty();
    }

    @Test
    void everyProblemTypeIsDocumentedWithItsStatusOnTheOperationsThatAnswerIt() throws IOException {
        Map<String, Integer> answered = problemsInTheSource();
        assertThat(answered).as("problem types found in " + PROBLEM_SOURCES).hasSizeGreaterThan(25)
                .containsEntry("too-large", 413).containsEntry("bad-signature", 403).containsEntry("import-failed", 502);
        Map<String, Integer> catalogued = ProblemCatalogue.ALL.stream()
                .collect(Collectors.toMap(ProblemCatalogue.ProblemType::slug, ProblemCatalogue.ProblemType::status, (a, b) -> a, TreeMap::new));
        assertThat(catalogued).as("the catalogue is the problem types the app answers").isEqualTo(answered);

        Map<String, List<String>> documentedOn = new TreeMap<>();
        document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("responses").properties().forEach(response -> {
                    JsonNode examples = response.getValue().path("content").path("application/problem+json").path("examples");
                    examples.properties().forEach(example -> {
                        String slug = example.getKey();
                        JsonNode defined = document().at("/components/examples/" + slug + "/value");
                        assertThat(defined.path("type").asText()).isEqualTo("urn:pixflow:problem:" + slug);
                        assertThat(response.getKey()).as(slug + " under its status").isEqualTo(Integer.toString(defined.path("status").asInt()));
                        assertThat(example.getValue().path("$ref").asText()).isEqualTo("#/components/examples/" + slug);
                        documentedOn.computeIfAbsent(slug, s -> new ArrayList<>()).add(op.getKey() + " " + path.getKey());
                    });
                })));
        answered.forEach((slug, status) -> {
            assertThat(documentedOn).as("operations answering " + slug).containsKey(slug);
            assertThat(document().at("/components/examples/" + slug + "/value/status").asInt()).isEqualTo(status);
        });
        assertThat(documentedOn.get("import-failed")).containsExactly("post /v1/images");
        assertThat(documentedOn.get("admin-only")).allMatch(on -> on.contains(" /v1/admin/"));
        assertThat(document().at("/components/schemas/Problem/properties/type").isMissingNode()).isFalse();
        assertThat(document().path("paths").has("/error")).as("the container's forward target is no operation").isFalse();
    }

    /** OpenAPI requires it; springdoc cannot see the variables a handler parses from the URI itself. */
    @Test
    void everyPathVariableIsDeclaredAndRawBodiesAreDescribed() {
        Pattern variable = Pattern.compile("\\{([^}/]+)}");
        document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            Matcher m = variable.matcher(path.getKey());
            while (m.find()) {
                String name = m.group(1);
                assertThat(op.getValue().path("parameters").valueStream()
                        .anyMatch(p -> p.path("in").asText().equals("path") && p.path("name").asText().equals(name)))
                        .as(op.getKey() + " " + path.getKey() + " declares " + name).isTrue();
            }
        }));
        assertThat(document().at("/paths/~1v1~1images/post/requestBody/content").has("image/*")).isTrue();
        assertThat(document().at("/paths/~1v1~1images/post/requestBody/content").has("multipart/form-data")).isTrue();
        assertThat(document().at("/paths/~1v1~1images/post/requestBody/content").has("application/json")).isTrue();
        for (String change : List.of("/paths/~1v1~1images~1{id}/patch", "/paths/~1v1~1images~1{id}/delete",
                "/paths/~1v1~1images~1{id}~1renditions/post", "/paths/~1v1~1images~1{id}~1renditions~1{name}/delete")) {
            assertThat(document().at(change + "/parameters").valueStream()
                    .filter(p -> p.path("in").asText().equals("header")).map(p -> p.path("name").asText()))
                    .as(change).contains("If-Match", "If-Unmodified-Since");
        }
    }

    /**
     * An upload's parameters are described as such, and none is required: a generated client sends what
     * the server takes (springdoc would otherwise describe the handler's map of them as one required
     * parameter, which the server refuses).
     */
    @Test
    void anUploadsParametersAreDescribedOneByOneOnBothForms() {
        JsonNode post = document().at("/paths/~1v1~1images/post");
        List<String> names = post.path("parameters").valueStream().filter(p -> p.path("in").asText().equals("query"))
                .map(p -> p.path("name").asText()).toList();
        // The parameters the server takes: a misspelt one is refused with their list.
        String key = keys.issue("uploader-" + System.nanoTime(), false).token();
        var refused = http().send(http().request("/v1/images?notAParameter=1").header("Content-Type", "image/jpeg")
                .header("Authorization", "Bearer " + key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0xff, (byte) 0xd8})).build());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        String detail = Http.json(refused).path("detail").asText();
        assertThat(detail).contains("known: ");
        assertThat(names).containsExactlyInAnyOrderElementsOf(List.of(detail.substring(detail.indexOf("known: ") + 7).split(", ")));
        assertThat(post.path("parameters").findValues("required")).noneMatch(JsonNode::asBoolean);
        JsonNode form = post.at("/requestBody/content/multipart~1form-data/schema/properties");
        assertThat(form.has("file")).isTrue();
        assertThat(names).allMatch(form::has);
    }

    /** Each op of a recipe is told apart by its wire name ({@code "op": "resize"}), not by a schema's name. */
    @Test
    void theRecipesOpsAreMappedByTheirWireNames() {
        JsonNode mapping = document().at("/components/schemas/OpJson/discriminator/mapping");
        com.fasterxml.jackson.annotation.JsonSubTypes types =
                dev.pixflow.app.web.recipe.OpJson.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        assertThat(document().at("/components/schemas/OpJson/discriminator/propertyName").asText()).isEqualTo("op");
        for (var type : types.value()) {
            assertThat(mapping.path(type.name()).asText()).as(type.name()).endsWith("/" + type.value().getSimpleName());
        }
        assertThat(mapping.size()).isEqualTo(types.value().length);
    }

    /** What a problem document carries beyond RFC 9457's members is in the Problem schema, for clients to read. */
    @Test
    void everyMemberAProblemCarriesIsDescribed() throws IOException {
        Pattern member = Pattern.compile("setProperty\\(\"([A-Za-z]+)\"");
        List<String> members = new ArrayList<>();
        for (Path source : PROBLEM_SOURCES) {
            Matcher m = member.matcher(Files.readString(source));
            while (m.find()) {
                members.add(m.group(1));
            }
        }
        assertThat(members).as("members set in " + PROBLEM_SOURCES).hasSizeGreaterThan(5);
        JsonNode described = document().at("/components/schemas/Problem/properties");
        assertThat(members).allMatch(described::has);
    }

    /**
     * A field the server answers as {@code null} is described as nullable, or a client generated from
     * the description fails to read the answer: the last page's cursor, a key that never expires.
     */
    @Test
    void fieldsAnsweredAsNullAreNullable() {
        document();
        String admin = keys.issue("admin-" + System.nanoTime(), true).token();
        var listed = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin).GET().build());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode key = Http.json(listed).path("items").get(0);
        var page = http().send(http().request("/v1/images").header("Authorization", "Bearer " + admin).GET().build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertNullsAreAllowed(key, "KeyJson");
        assertNullsAreAllowed(Http.json(page), "ImagePage");
        assertThat(key.get("expiresAt").isNull()).as("a key without expiry is listed with a null expiresAt").isTrue();
    }

    private void assertNullsAreAllowed(JsonNode answer, String schema) {
        answer.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                JsonNode types = document().at("/components/schemas/" + schema + "/properties/" + field.getKey() + "/type");
                assertThat(types.isArray() && types.valueStream().anyMatch(t -> t.asText().equals("null")))
                        .as(schema + "." + field.getKey() + " is answered null; described as " + types).isTrue();
            }
        });
    }

    /**
     * The API's answers are described as JSON, not as any type; delivery's as the images they are. A
     * conditional GET's 304 and a range's 206 are described where the server answers them.
     */
    @Test
    void answersAreDescribedWithTheirMediaTypesAndConditionalStatuses() {
        document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("responses").properties().forEach(response -> {
                    JsonNode content = response.getValue().path("content");
                    assertThat(content.has("*/*")).as(op.getKey() + " " + path.getKey() + " " + response.getKey()).isFalse();
                    if ((path.getKey().startsWith("/i/") || path.getKey().startsWith("/t/")) && response.getKey().equals("200")) {
                        assertThat(content.has("application/json")).as(path.getKey() + " answers images").isFalse();
                    }
                })));
        assertThat(document().at("/paths/~1v1~1images~1{id}/get/responses").has("304")).isTrue();
        JsonNode variant = document().at("/paths/~1i~1{id}~1{variant}/get/responses");
        assertThat(variant.has("304")).isTrue();
        assertThat(variant.has("206")).isTrue();
    }

    /**
     * Every JSON body is described with its fields, and they are exactly the fields the server takes: a
     * field it does not know is refused with the list of those it does, which must be the described ones.
     */
    @Test
    void everyJsonBodyIsDescribedWithTheFieldsTheServerTakes() {
        String admin = keys.issue("admin-" + System.nanoTime(), true).token();
        int probed = 0;
        for (var path : document().path("paths").properties()) {
            for (var op : path.getValue().properties()) {
                JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
                if (schema.isMissingNode()) {
                    continue;
                }
                String operation = op.getKey() + " " + path.getKey();
                assertThat(schema.path("$ref").asText()).as(operation + " has a described body").startsWith("#/components/schemas/");
                JsonNode described = document().at("/components/schemas/" + schema.path("$ref").asText().substring(21) + "/properties");
                assertThat(described.size()).as(operation).isPositive();
                if (path.getKey().endsWith("/presign")) {
                    // This server has no bucket: presigning is refused before its body is read (of an unknown upload: 404).
                    continue;
                }
                String url = path.getKey().replace("{id}", "0190f5a2-0000-7000-8000-000000000000")
                        .replace("{uploadId}", "0190f5a2-0000-7000-8000-000000000001").replace("{partNumber}", "1");
                var refused = http().send(http().request(url).header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .method(op.getKey().toUpperCase(), java.net.http.HttpRequest.BodyPublishers.ofString("{\"notAField\": 1}")).build());
                assertThat(refused.statusCode()).as(operation + ": " + refused.body()).isEqualTo(400);
                String detail = Http.json(refused).path("detail").asText();
                if (detail.contains("known: ")) {
                    List<String> known = List.of(detail.substring(detail.indexOf("known: ") + 7).split(", "));
                    assertThat(described.propertyStream().map(Map.Entry::getKey).toList()).as(operation)
                            .containsExactlyInAnyOrderElementsOf(known);
                    probed++;
                }
            }
        }
        assertThat(probed).as("bodies whose refusal lists the fields taken (the two presigns' aside)").isGreaterThanOrEqualTo(8);
    }

    @Test
    void swaggerUiIsServedWithoutAKey() {
        document();
        var page = http().get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        var config = http().get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(Http.json(config).get("url").asText()).isEqualTo("/v3/api-docs");
        var yaml = http().get("/v3/api-docs.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1");
        assertThat(http().get("/v1/images").statusCode()).as("the API itself still needs the key").isEqualTo(401);
    }

    /** The slug and status of every problem document the app's problem handlers make. */
    static Map<String, Integer> problemsInTheSource() throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        for (Path source : PROBLEM_SOURCES) {
            Matcher m = PROBLEM.matcher(Files.readString(source));
            while (m.find()) {
                found.put(m.group(2), HttpStatus.valueOf(m.group(1)).value());
            }
        }
        return found;
    }
}
