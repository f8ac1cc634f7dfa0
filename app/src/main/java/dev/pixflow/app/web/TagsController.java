package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.delivery.PreconditionFailedException;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.usecase.BulkTagging;
import dev.pixflow.core.usecase.ImageCatalog;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/tags}: the caller's tags with their counts; {@code /v1/images/tags}: tags on many images at once. */
@RestController
@ConditionalOnRole(Role.UPLOAD)
public class TagsController {
    private final ImageCatalog catalog;

    public TagsController(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /** The caller's tags, the most used first. */
    public record TagsJson(List<TagCountJson> tags) {
    }

    /** A tag and how many of the caller's images have it. */
    public record TagCountJson(String tag, long count) {
    }

    @GetMapping("/v1/tags")
    public TagsJson tags(Caller caller, @Parameter(description = "tags listed", schema = @Schema(type = "integer", minimum = "1",
            maximum = "" + ImageCatalog.MAX_TAG_LIST, defaultValue = "100")) @RequestParam(defaultValue = "100") int limit) {
        List<TagCount> tags = catalog.tags(caller, limit);
        return new TagsJson(tags.stream().map(t -> new TagCountJson(t.tag(), t.count())).toList());
    }

    /**
     * {@code {ids: [...], add: [...], remove: [...]}}: all the caller's images named change, or none. The
     * change has no version of its own, so an {@code If-Match} cannot hold (RFC 9110, 13.1.1): 412
     * rather than a change the caller meant to make only on the versions it had read.
     */
    @PostMapping(path = "/v1/images/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> retag(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.RetagBody.class))) @RequestBody JsonNode body,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (ifMatch != null) {
            throw new PreconditionFailedException("a bulk tag change has no version to match; "
                    + "to change an image only as read, PATCH it with its ETag in If-Match");
        }
        JsonFields.object(body, RequestBodies.fields(RequestBodies.RetagBody.class), "a JSON object with ids, and add and/or remove");
        List<ImageId> ids = strings(body, "ids").stream()
                .map(id -> ImageId.parse(id).orElseThrow(() -> new InvalidInputException("ids", "'" + id + "' is not an image id")))
                .toList();
        BulkTagging done = catalog.retag(caller, ids, strings(body, "add"), strings(body, "remove"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", done.updated().stream().map(ImageId::value).toList());
        out.put("unchanged", done.unchanged().stream().map(ImageId::value).toList());
        out.put("missing", done.missing().stream().map(ImageId::value).toList());
        return out;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new InvalidInputException(field, "must be an array of strings");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InvalidInputException(field, "must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
