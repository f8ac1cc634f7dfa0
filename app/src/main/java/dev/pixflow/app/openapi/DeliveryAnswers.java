package dev.pixflow.app.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Delivery's answers as they are: the image's bytes in its own type (springdoc sees a resource and would
 * call it JSON), a range of them (206), or nothing new (304), as HTTP caches and players ask.
 */
final class DeliveryAnswers implements OpenApiCustomizer {
    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            if ((path.startsWith("/i/") || path.startsWith("/t/")) && item.getGet() != null) {
                describe(item.getGet());
            }
        });
    }

    private static void describe(Operation get) {
        Content image = new Content().addMediaType("image/*",
                new MediaType().schema(new JsonSchema().typesItem("string").contentMediaType("image/*")));
        ApiResponse ok = get.getResponses().get("200");
        get.getResponses().addApiResponse("200", (ok == null ? new ApiResponse().description("the image") : ok).content(image));
        get.getResponses().addApiResponse("206", new ApiResponse()
                .description("the bytes of the Range asked for, with Content-Range").content(image));
        get.getResponses().addApiResponse("304", new ApiResponse()
                .description("not modified: the If-None-Match or If-Modified-Since of the request still holds"));
    }
}
