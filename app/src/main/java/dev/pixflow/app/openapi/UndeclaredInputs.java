package dev.pixflow.app.openapi;

import dev.pixflow.app.web.RequestBodies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.ArrayList;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What handlers read from the servlet request themselves, so springdoc cannot see it: path variables
 * parsed from the request URI (transformation URLs), and the raw bodies of an upload and of a part,
 * read as a stream so that nothing buffers them.
 */
final class UndeclaredInputs implements OpenApiCustomizer {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    /** The changes that hold to the image record's version when asked to (RecordConditions reads it). */
    private static final Set<String> CONDITIONAL_CHANGES = Set.of("PATCH /v1/images/{id}", "DELETE /v1/images/{id}",
            "POST /v1/images/{id}/renditions", "DELETE /v1/images/{id}/renditions/{name}");

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            item.readOperations().forEach(op -> declarePathVariables(path, op));
            item.readOperationsMap().forEach((method, op) -> {
                if (CONDITIONAL_CHANGES.contains(method + " " + path)) {
                    declareConditions(op);
                }
            });
            if (path.equals("/v1/images") && item.getPost() != null) {
                importBody(api, item.getPost());
                formFieldsAsQuery(item.getPost());
                rawBody(item.getPost(), "the image itself, with its own Content-Type (or application/octet-stream)",
                        "image/*", "application/octet-stream");
            }
            if (path.equals("/v1/uploads/{uploadId}/parts/{partNumber}") && item.getPut() != null) {
                rawBody(item.getPut(), "the part's bytes", "application/octet-stream");
            }
        });
    }

    private static void declarePathVariables(String path, Operation op) {
        Matcher m = VARIABLE.matcher(path);
        while (m.find()) {
            String name = m.group(1);
            boolean declared = op.getParameters() != null
                    && op.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()) && name.equals(p.getName()));
            if (!declared) {
                if (op.getParameters() == null) {
                    op.setParameters(new ArrayList<>());
                }
                op.getParameters().add(new Parameter().in("path").name(name).required(true)
                        .schema(new JsonSchema().typesItem("string")));
            }
        }
    }

    private static void declareConditions(Operation op) {
        if (op.getParameters() == null) {
            op.setParameters(new ArrayList<>());
        }
        op.getParameters().add(new Parameter().in("header").name("If-Match").required(false)
                .description("the record's ETag as read (`*`: any version): otherwise 412 `precondition-failed`, nothing changed")
                .schema(new JsonSchema().typesItem("string")));
        op.getParameters().add(new Parameter().in("header").name("If-Unmodified-Since").required(false)
                .description("the record's Last-Modified as read: otherwise 412 `precondition-failed`, nothing changed")
                .schema(new JsonSchema().typesItem("string")));
    }

    /**
     * The JSON form of an upload is an import by URL, a handler of its own on the same operation: springdoc
     * keeps one request body per operation when a handler describes its own, so it is described here.
     */
    private static void importBody(OpenAPI api, Operation op) {
        ModelConverters.getInstance(true).readAll(RequestBodies.ImportByUrlBody.class).forEach(api.getComponents()::addSchemas);
        MediaType json = op.getRequestBody() == null || op.getRequestBody().getContent() == null ? null
                : op.getRequestBody().getContent().get("application/json");
        if (json != null) {
            json.setSchema(new JsonSchema().$ref("#/components/schemas/" + RequestBodies.ImportByUrlBody.class.getSimpleName()));
        }
    }

    /** An upload's parameters are query parameters of the raw form and fields of the form alike. */
    private static void formFieldsAsQuery(Operation op) {
        if (op.getRequestBody() == null || op.getRequestBody().getContent() == null || op.getParameters() == null) {
            return;
        }
        MediaType form = op.getRequestBody().getContent().get("multipart/form-data");
        if (form == null || form.getSchema() == null) {
            return;
        }
        for (Parameter p : op.getParameters()) {
            if ("query".equals(p.getIn())) {
                form.getSchema().addProperty(p.getName(), p.getSchema() == null ? new JsonSchema().typesItem("string")
                        : p.getSchema().description(p.getDescription()));
            }
        }
    }

    private static void rawBody(Operation op, String description, String... types) {
        RequestBody body = op.getRequestBody() == null ? new RequestBody().content(new Content()) : op.getRequestBody();
        if (body.getContent() == null) {
            body.setContent(new Content());
        }
        for (String type : types) {
            body.getContent().addMediaType(type, new MediaType().schema(new JsonSchema().contentMediaType(type)));
        }
        body.setDescription(body.getDescription() == null ? description : body.getDescription() + "; or " + description);
        op.setRequestBody(body.required(true));
    }
}
