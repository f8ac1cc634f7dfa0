package dev.pixflow.app.web;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.pixflow.app.delivery.DeliveryUrls;
import dev.pixflow.app.web.recipe.RecipeJson;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.VariantStatus;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.usecase.RemoveRendition;
import dev.pixflow.core.usecase.RequestRendition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/images/{id}/renditions}: a rendition by recipe, made by the workers. The answer is
 * 202 with the job's id; the image record lists the rendition at once (pending) and once it is made
 * (ready, with its size). Asked for again once made, it is 200 and ready, with nothing queued. A bad
 * recipe is a 400 naming the field, one whose output breaks a limit a 422; a name that holds another
 * recipe a 409. {@code DELETE /v1/images/{id}/renditions/{name}} removes one.
 */
@RestController
@ConditionalOnRole(Role.UPLOAD)
public class RenditionsController {
    private final RequestRendition requests;
    private final RemoveRendition removals;
    private final Clock clock;
    private final ObjectReader reader;

    public RenditionsController(RequestRendition requests, RemoveRendition removals, ObjectMapper mapper, Clock clock) {
        this.requests = requests;
        this.removals = removals;
        this.clock = clock;
        // A misspelt option must not be dropped silently: the rendition would not be what was asked.
        this.reader = mapper.readerFor(RecipeJson.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(Long jobId, String image, String name, String status, String url, String recipe,
                           RecipeJson spec) {
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "200", description = "already made under this recipe: nothing is queued, no jobId, status ready")
    @PostMapping(path = "/v1/images/{id}/renditions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Accepted> request(Caller caller, @PathVariable String id,
                                            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(
                                                    implementation = RecipeJson.class))) @RequestBody JsonNode body,
                                            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                            HttpServletRequest http) {
        ImageId imageId = ImagesController.parseId(id);
        RecipeJson json = read(body);
        Recipe recipe = json.toRecipe();
        RequestRendition.Requested done = requests.request(caller, imageId, Optional.ofNullable(json.name()), recipe,
                Optional.ofNullable(accept), RecordConditions.of(caller, http, clock));
        String name = done.variant().name();
        // As the image's record gives it: signed for its owner when the image is private.
        String url = DeliveryUrls.current().image(done.image(), name, caller.owns(done.image()));
        return ResponseEntity.status(done.alreadyMade() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/v1/images/" + imageId).build().toUri())
                .body(new Accepted(done.alreadyMade() ? null : done.jobId().getAsLong(), imageId.value(), name,
                        (done.alreadyMade() ? VariantStatus.READY : VariantStatus.PENDING).id(), url,
                        done.variant().canonical(), RecipeJson.of(null, done.variant().recipe())));
    }

    /**
     * An asked-for rendition removed: no longer listed, delivered (other processes' delivery within its
     * lookup cache's time) or counted against the quota. Its name keeps the recipe its URL was delivered
     * under, as a made one does. A configured variant is a 400: it goes only with its image. An
     * {@code If-Match} or {@code If-Unmodified-Since} names the image record's version, as for its delete.
     */
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/v1/images/{id}/renditions/{name}")
    public void remove(Caller caller, @PathVariable String id, @PathVariable String name, HttpServletRequest http) {
        removals.remove(caller, ImagesController.parseId(id), name, RecordConditions.of(caller, http, clock));
    }

    private RecipeJson read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "a JSON object with a recipe, or ops and output fields");
        }
        try {
            return reader.readValue(body);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(path(e), detail(e));
        } catch (java.io.IOException e) {
            throw new InvalidInputException("body", e.getMessage());
        }
    }

    /** What is wrong with that field, in the API's words: Jackson's own name the classes it maps to. */
    static String detail(JsonMappingException e) {
        return switch (e) {
            case UnrecognizedPropertyException unknown -> "unknown; known: " + unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            case InvalidTypeIdException op -> op.getTypeId() == null ? "is required" : "unknown op '" + op.getTypeId() + "'";
            case MismatchedInputException mismatch when mismatch.getTargetType() != null -> "must be " + Problems.expected(mismatch.getTargetType());
            default -> "has the wrong shape";
        };
    }

    /** The field Jackson stopped at, written as in the request: {@code ops[1].width}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof InvalidTypeIdException) {
            out.append(out.isEmpty() ? "op" : ".op");
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
