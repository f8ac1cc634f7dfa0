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
