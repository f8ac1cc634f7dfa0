package dev.pixflow.app.openapi;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What handlers read from the servlet request themselves, so springdoc cannot see it: path variables
 * parsed from the request URI (transformation URLs), and the raw bodies of an upload and of a part,
 * read as a stream so that nothing buffers them.
 */
final class UndeclaredInputs implements OpenApiCustomizer {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            item.readOperations().forEach(op -> declarePathVariables(path, op));
            if (path.equals("/v1/images") && item.getPost() != null) {
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
