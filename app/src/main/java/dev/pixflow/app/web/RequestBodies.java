package dev.pixflow.app.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON bodies the API takes, as records: their schemas in the OpenAPI description, and the one list
 * of each body's field names that its handler holds a request to ({@link #fields}). Handlers read the
 * body field by field ({@link JsonFields}), to name the field at fault in a 400; these records are
 * never bound.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** The names of {@code body}'s fields: what a handler takes, and nothing else. */
    public static Set<String> fields(Class<? extends Record> body) {
        return Arrays.stream(body.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());
    }

    private static final String TAGS = "tags: an array, or one comma-separated string";

    @Schema(description = "a resumable upload to start")
    public record StartUploadBody(
            @Schema(description = "the file's name", requiredMode = Schema.RequiredMode.REQUIRED) String filename,
            @Schema(description = "the image's media type (image/jpeg, ...)") String contentType,
            @Schema(description = "the whole file's size in bytes, if known (required for a presigned object)") Long size,
            @Schema(description = "a title, searched") String title,
            @Schema(description = "a description, searched") String description,
            @Schema(description = TAGS) List<String> tags,
            @Schema(description = "public (the default) or private", allowableValues = {"public", "private"}) String visibility,
            @Schema(description = "the image's alternative text") String altText) {
    }

    @Schema(description = "an image to fetch by URL and store as an upload")
    public record ImportByUrlBody(
            @Schema(description = "the http(s) URL of the image", requiredMode = Schema.RequiredMode.REQUIRED) String url,
            @Schema(description = "the file's name (by default the URL's last segment)") String filename,
            @Schema(description = "a title, searched") String title,
            @Schema(description = "a description, searched") String description,
            @Schema(description = TAGS) List<String> tags,
            @Schema(description = "public (the default) or private", allowableValues = {"public", "private"}) String visibility,
            @Schema(description = "the image's alternative text") String altText) {
    }

    @Schema(description = "the fields to change (JSON merge patch): a field left out keeps its value, null clears it")
    public record ImageEditBody(
            @Schema(types = {"string", "null"}) String title,
            @Schema(types = {"string", "null"}) String description,
            @Schema(types = {"array", "null"}, description = TAGS) List<String> tags,
            @Schema(description = "public or private", allowableValues = {"public", "private"}) String visibility,
            @Schema(types = {"string", "null"}) String altText,
            @Schema(types = {"string", "null"}, format = "date-time", description = "when the image expires; null: never")
            Instant expiresAt) {
    }

    @Schema(description = "a part to send straight to the bucket")
    public record PresignPartBody(
            @Schema(description = "the part's size in bytes", requiredMode = Schema.RequiredMode.REQUIRED) Long size,
            @Schema(description = "the part's SHA-256, base64") String sha256) {
    }

    @Schema(description = "the whole object to send straight to the bucket")
    public record PresignObjectBody(@Schema(description = "the object's SHA-256, base64, if known") String sha256) {
    }

    @Schema(description = "the parts to put together, in ascending order; none for an object sent whole")
    public record CompleteBody(List<CompletedPart> parts) {
        public record CompletedPart(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer partNumber,
                           @Schema(description = "the part's ETag as its upload answered it", requiredMode = Schema.RequiredMode.REQUIRED)
                           String etag) {
        }
    }

    @Schema(description = "tags added to and removed from all the images named, or none of them")
    public record RetagBody(
            @Schema(description = "image ids", requiredMode = Schema.RequiredMode.REQUIRED) List<String> ids,
            @Schema(description = "tags to add") List<String> add,
            @Schema(description = "tags to remove") List<String> remove) {
    }

    @Schema(description = "the dead jobs to redrive or discard: ids, or all")
    public record DeadJobsBody(@Schema(description = "dead job ids") List<Long> ids,
                          @Schema(description = "true: every dead job") Boolean all) {
    }

    @Schema(description = "a receiver of events")
    public record CreateWebhookBody(
            @Schema(description = "the http(s) URL events are sent to", requiredMode = Schema.RequiredMode.REQUIRED) String url,
            @Schema(description = "the event types sent (image.stored, rendition.ready, ...); none: every type") List<String> events,
            @Schema(description = "what it is for") String description) {
    }

    @Schema(description = "an API key to make")
    public record CreateKeyBody(
            @Schema(description = "whose images the key sees and changes", requiredMode = Schema.RequiredMode.REQUIRED) String owner,
            @Schema(description = "user (the default) or admin", allowableValues = {"user", "admin"}) String scope,
            @Schema(format = "date-time", description = "when the key stops working; none: never") Instant expiresAt) {
    }
}
