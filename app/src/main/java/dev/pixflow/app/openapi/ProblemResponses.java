package dev.pixflow.app.openapi;

import dev.pixflow.app.openapi.ProblemCatalogue.ProblemType;
import dev.pixflow.app.openapi.ProblemCatalogue.Route;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Adds to every operation the RFC 9457 problems it can answer ({@link ProblemCatalogue}), as
 * {@code application/problem+json} responses by status, each problem type an example defined once
 * under {@code components/examples} and referenced from the operations that answer it.
 */
final class ProblemResponses implements OpenApiCustomizer {
    static final String PROBLEM_JSON = "application/problem+json";
    static final String SCHEMA = "Problem";

    private final List<ProblemType> catalogue;

    ProblemResponses(List<ProblemType> catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSchemas(SCHEMA, problemSchema());
        for (ProblemType problem : catalogue) {
            components.addExamples(problem.slug(), new Example().summary(problem.title()).description(problem.when())
                    .value(example(problem)));
        }
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                addProblems(new Route(method.name(), path), operation)));
    }

    private void addProblems(Route route, Operation operation) {
        Map<Integer, List<ProblemType>> byStatus = catalogue.stream().filter(p -> p.answersOn().test(route))
                .collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
        if (byStatus.isEmpty()) {
            return;
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        byStatus.forEach((status, problems) -> {
            MediaType problemJson = new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + SCHEMA));
            for (ProblemType p : problems) {
                problemJson.addExamples(p.slug(), new Example().$ref("#/components/examples/" + p.slug()));
            }
            String description = problems.stream().map(p -> "`" + p.slug() + "`: " + p.when())
                    .collect(Collectors.joining("; "));
            responses.addApiResponse(Integer.toString(status), new ApiResponse().description(description)
                    .content(new Content().addMediaType(PROBLEM_JSON, problemJson)));
        });
    }

    private static Map<String, Object> example(ProblemType problem) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", problem.type());
        value.put("title", problem.title());
        value.put("status", problem.status());
        return value;
    }

    /** RFC 9457's members, and the extensions some Pixflow problems carry. */
    private static Schema<?> problemSchema() {
        return new JsonSchema().typesItem("object")
                .description("An RFC 9457 problem document; `type` is a stable `urn:pixflow:problem:` URN to branch on")
                .addProperty("type", text("the kind of problem, `urn:pixflow:problem:<slug>`"))
                .addProperty("title", text("a short summary of the kind"))
                .addProperty("status", new JsonSchema().typesItem("integer").description("the HTTP status"))
                .addProperty("detail", text("what went wrong with this request"))
                .addProperty("instance", text("the request's path"))
                .addProperty("field", text("`invalid-field`: the field, parameter or recipe option at fault"))
                .addProperty("reason", text("`url-refused`: the rule that refused the URL (scheme, loopback, private, metadata, ...)"))
                .addProperty("expiredAt", text("`expired`: when the image expired"))
                .addProperty("rateLimit", text("`rate-limited`: which limit was reached: `uploads` or `bytes` (a minute)"))
                .addProperty("quota", text("`quota-exceeded`: which quota (`stored-bytes`)"))
                .addProperty("limit", integer("`quota-exceeded`: the quota, in bytes; `too-many-renditions`: the most an image may have"))
                .addProperty("used", integer("`quota-exceeded`: the bytes the owner's images take"))
                .addProperty("requested", integer("`quota-exceeded`: the bytes this request would add"))
                .addProperty("existing", text("`duplicate-differs`: the id of the image these bytes already are"))
                .addProperty("fields", new JsonSchema().typesItem("array").items(text("a field name"))
                        .description("`duplicate-differs`: the fields given that differ from the existing image's"))
                .addProperty("name", text("`rendition-name-taken`: the name"))
                .addProperty("recipe", text("`rendition-name-taken`: the recipe the name already has"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema<?> integer(String description) {
        return new JsonSchema().typesItem("integer").description(description);
    }

    private static Schema<?> text(String description) {
        return new JsonSchema().typesItem("string").description(description);
    }
}
