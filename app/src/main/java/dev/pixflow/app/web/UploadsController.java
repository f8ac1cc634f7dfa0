package dev.pixflow.app.web;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.usecase.AbortUpload;
import dev.pixflow.core.usecase.CompleteUpload;
import dev.pixflow.core.usecase.CompleteUpload.PartRef;
import dev.pixflow.core.usecase.DescribeUpload;
import dev.pixflow.core.usecase.MultipartLimits;
import dev.pixflow.core.usecase.PresignUpload;
import dev.pixflow.core.usecase.ReceivePart;
import dev.pixflow.core.usecase.StartUpload;
import dev.pixflow.core.usecase.VariantCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/uploads}: large and resumable uploads with S3's multipart semantics. Part bodies are read
 * as raw streams (never bound, never buffered whole), and completing one answers exactly what
 * {@code POST /v1/images} answers.
 */
@RestController
@ConditionalOnRole(Role.MULTIPART)
@ConditionalOnProperty(prefix = "pixflow.multipart", name = "enabled", havingValue = "true", matchIfMissing = true)
public class UploadsController {
    /** What complete reads. */
    private static final String PARTS_SHAPE = "a JSON object {\"parts\": [{\"partNumber\": 1, \"etag\": \"...\"}, ...]}";
    /** A part number as S3 writes it: digits, no sign, no leading zero. */
    private static final Pattern PART_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Set<String> START_FIELDS = RequestBodies.fields(RequestBodies.StartUploadBody.class);

    /** {@code direct}: the parts (or a small object whole) may be sent straight to the bucket with presigned requests. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Started(String uploadId, long partSize, long minPartSize, int maxParts, Instant expiresAt, boolean direct) {
    }

    /** A presigned request: send it as it is, with these headers and exactly the bytes it was asked for. */
    public record Presigned(String method, String url, Map<String, String> headers, Instant expiresAt) {
        static Presigned of(PartStore.DirectRequest r) {
            return new Presigned(r.method(), r.url().toString(), r.headers(), r.expiresAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartJson(int partNumber, String etag, long size, Instant receivedAt) {
        static PartJson of(UploadedPart p) {
            return new PartJson(p.number(), p.etag(), p.size(), p.receivedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UploadJson(String uploadId, String state, String filename, String contentType, Long size, long partSize,
                             Instant createdAt, Instant expiresAt, String imageId, long bytesReceived, List<PartJson> parts) {
    }

    /** What became of a request on a multipart upload, as the uploads counter's {@code outcome} tag says it. */
    private enum Outcome {
        STARTED, PART_PRESIGNED, OBJECT_PRESIGNED, COMPLETED, REPLAYED, REFUSED, ABORTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final StartUpload start;
    private final ReceivePart receive;
    private final DescribeUpload describe;
    private final CompleteUpload complete;
    private final AbortUpload abort;
    private final PresignUpload presign;
    private final MultipartLimits limits;
    private final VariantCatalogue variants;
    private final Counter partsStored;
    private final Counter partBytes;
    private final MeterRegistry registry;

    public UploadsController(StartUpload start, ReceivePart receive, DescribeUpload describe, CompleteUpload complete,
                             AbortUpload abort, PresignUpload presign, MultipartLimits limits, VariantCatalogue variants,
                             MeterRegistry registry) {
        this.presign = presign;
        this.start = start;
        this.receive = receive;
        this.describe = describe;
        this.complete = complete;
        this.abort = abort;
        this.limits = limits;
        this.variants = variants;
        this.registry = registry;
        this.partsStored = Counter.builder("pixflow.multipart.parts").description("parts stored").register(registry);
        this.partBytes = Counter.builder("pixflow.multipart.part.bytes").description("bytes of parts stored").baseUnit("bytes")
                .register(registry);
        // Every outcome from the start, at 0, as every other counter: a ratio or an alert has its series at once.
        for (Outcome o : Outcome.values()) {
            outcome(o);
        }
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(path = "/v1/uploads", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Started> start(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.StartUploadBody.class))) @RequestBody JsonNode body)
            throws IOException {
        JsonFields.object(body, START_FIELDS,
                "a JSON object with filename, contentType and optionally size, title, description, tags, visibility, altText");
        OptionalLong size = OptionalLong.empty();
        if (body.hasNonNull("size")) {
            if (!body.get("size").isIntegralNumber() || !body.get("size").canConvertToLong()) {
                throw new InvalidInputException("size", "must be a whole number of bytes, written without a decimal point");
            }
            size = OptionalLong.of(body.get("size").asLong());
        }
        ImageMetadata metadata = ImageMetadataRequest.of(body).metadata();
        MultipartUpload upload = start.start(new StartUpload.Request(JsonFields.text(body, "filename"),
                Optional.ofNullable(JsonFields.text(body, "contentType")), size, metadata, caller.owner()));
        count(Outcome.STARTED);
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/v1/uploads/{id}").buildAndExpand(upload.id().value()).toUri())
                .body(new Started(upload.id().value(), upload.partSize(), limits.minPartSize(), MultipartLimits.MAX_PARTS,
                        upload.expiresAt(), presign.available()));
    }

    /**
     * A presigned PUT of one part straight to the bucket: {@code {"size": bytes, "sha256": base64}}; the
     * bucket takes exactly those bytes, for this upload and part number, until the request expires.
     */
    @PostMapping(path = "/v1/uploads/{uploadId}/parts/{partNumber}/presign", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Presigned presignPart(Caller caller, @PathVariable String uploadId, @PathVariable String partNumber,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.PresignPartBody.class))) @RequestBody JsonNode body) {
        MultipartUpload upload = presign.open(caller, parseId(uploadId));
        JsonFields.object(body, RequestBodies.fields(RequestBodies.PresignPartBody.class),
                "a JSON object with the part's size and sha256 (base64)");
        if (!body.path("size").isIntegralNumber() || !body.path("size").canConvertToLong()) {
            throw new InvalidInputException("size", "the part's size, a whole number of bytes");
        }
        Optional<PartChecksum> sha256 = Optional.ofNullable(JsonFields.text(body, "sha256"))
                .map(v -> PartChecksum.parse(PartChecksum.Algorithm.SHA256, v, "sha256"));
        Presigned p = Presigned.of(presign.part(upload, parsePartNumber(partNumber), body.get("size").asLong(), sha256));
        count(Outcome.PART_PRESIGNED);
        return p;
    }

    /**
     * A presigned PUT of the whole object straight to the bucket (an upload started with its size; at
     * most 5 GiB): {@code {"sha256": base64}} optional. Completing it is a complete with no parts, or
     * the bucket's event.
     */
    @PostMapping(path = "/v1/uploads/{uploadId}/presign", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Presigned presignObject(Caller caller, @PathVariable String uploadId,
                                   @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.PresignObjectBody.class))) @RequestBody(required = false) JsonNode body) {
        MultipartUpload upload = presign.open(caller, parseId(uploadId));
        JsonNode fields = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : body;
        JsonFields.object(fields, RequestBodies.fields(RequestBodies.PresignObjectBody.class),
                "a JSON object, with the object's sha256 (base64) if known");
        Optional<PartChecksum> sha256 = Optional.ofNullable(JsonFields.text(fields, "sha256"))
                .map(v -> PartChecksum.parse(PartChecksum.Algorithm.SHA256, v, "sha256"));
        Presigned p = Presigned.of(presign.object(upload, sha256));
        count(Outcome.OBJECT_PRESIGNED);
        return p;
    }

    /** The raw body is the part; an optional Content-MD5 or x-checksum-sha256 (base64) is checked against it. */
    @PutMapping("/v1/uploads/{uploadId}/parts/{partNumber}")
    public ResponseEntity<PartJson> part(Caller caller, @PathVariable String uploadId, @PathVariable String partNumber,
                                         HttpServletRequest request) throws IOException {
        UploadId id = parseId(uploadId);
        int number = parsePartNumber(partNumber);
        IdentityCoding.require(request);
        Optional<PartChecksum> checksum = ChecksumHeaders.of(request);
        long length = request.getContentLengthLong();
        UploadedPart part;
        try (InputStream body = request.getInputStream()) {
            part = receive.receive(caller, id, number, body, length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(), checksum);
        }
        partsStored.increment();
        partBytes.increment(part.size());
        return ResponseEntity.ok().eTag("\"" + part.etag() + "\"").body(PartJson.of(part));
    }

    @GetMapping("/v1/uploads/{uploadId}")
    public UploadJson get(Caller caller, @PathVariable String uploadId) throws IOException {
        DescribeUpload.Progress progress = describe.describe(caller, parseId(uploadId));
        MultipartUpload u = progress.upload();
        return new UploadJson(u.id().value(), u.state().id(), u.filename(), u.contentType().orElse(null),
                u.declaredSize().isPresent() ? u.declaredSize().getAsLong() : null, u.partSize(), u.createdAt(), u.expiresAt(),
                u.image().map(Object::toString).orElse(null), progress.parts().stream().mapToLong(UploadedPart::size).sum(),
                progress.parts().stream().map(PartJson::of).toList());
    }

    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "200", description = "completed before: the image it made")
    @PostMapping(path = "/v1/uploads/{uploadId}/complete")
    public ResponseEntity<ImageJson> complete(Caller caller, @PathVariable String uploadId,
                                              @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                      mediaType = "application/json", schema = @Schema(
                                                      implementation = RequestBodies.CompleteBody.class)))
                                              @RequestBody(required = false) JsonNode body) throws IOException {
        UploadId id = parseId(uploadId);
        CompleteUpload.Completed done;
        try {
            done = complete.complete(caller, id, partList(body));
        } catch (RuntimeException | IOException e) {
            count(Outcome.REFUSED);
            throw e;
        }
        count(done.replayed() ? Outcome.REPLAYED : Outcome.COMPLETED);
        String imageId = done.image().id().value();
        return RecordConditions.versioned(ResponseEntity.status(done.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(UriComponentsBuilder.fromPath("/v1/images/{id}").buildAndExpand(imageId).toUri()), done.image(), caller)
                .body(ImageJson.of(done.image(), variants, caller));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/v1/uploads/{uploadId}")
    public ResponseEntity<Void> abort(Caller caller, @PathVariable String uploadId) throws IOException {
        abort.abort(caller, parseId(uploadId));
        count(Outcome.ABORTED);
        return ResponseEntity.noContent().build();
    }

    private void count(Outcome outcome) {
        outcome(outcome).increment();
    }

    private Counter outcome(Outcome outcome) {
        return Counter.builder("pixflow.multipart.uploads").description("multipart uploads, by what became of a request on them")
                .tag("outcome", outcome.tag()).register(registry);
    }

    private static UploadId parseId(String id) {
        return UploadId.parse(id).orElseThrow(() -> new NotFoundException("no upload " + id));
    }

    /** Written as S3 writes them: digits, no sign, no leading zero ({@code 01} and {@code +1} are not part 1's path). */
    private static int parsePartNumber(String text) {
        if (!PART_NUMBER.matcher(text).matches()) {
            throw new MultipartRejectedException(MultipartRejectedException.Reason.INVALID_PART_NUMBER,
                    "part numbers run from 1 to " + MultipartLimits.MAX_PARTS + ", written in digits; got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** The parts to put together; none (an empty or missing list) for an object sent whole. */
    private static List<PartRef> partList(JsonNode body) {
        if (body != null && body.isObject()) {
            JsonFields.object(body, RequestBodies.fields(RequestBodies.CompleteBody.class), PARTS_SHAPE);
        }
        if (body == null || body.isNull() || (body.isObject() && !body.has("parts"))) {
            return List.of();
        }
        if (!body.isObject() || !body.path("parts").isArray()) {
            throw new InvalidInputException("parts", PARTS_SHAPE);
        }
        List<PartRef> refs = new ArrayList<>();
        for (JsonNode p : body.get("parts")) {
            if (p.isObject()) {
                JsonFields.object(p, RequestBodies.fields(RequestBodies.CompleteBody.CompletedPart.class), PARTS_SHAPE);
            }
            if (!p.path("partNumber").isIntegralNumber() || !p.path("etag").isTextual()) {
                throw new InvalidInputException("parts", "each part needs a whole partNumber and an etag string");
            }
            if (!p.path("partNumber").canConvertToInt()) {
                // Out of range like 0 or -5, which the list's own check refuses as that.
                throw new MultipartRejectedException(MultipartRejectedException.Reason.INVALID_PART_NUMBER,
                        "part numbers run from 1 to " + MultipartLimits.MAX_PARTS + "; got " + p.path("partNumber").asText());
            }
            refs.add(new PartRef(p.get("partNumber").asInt(), p.get("etag").asText()));
        }
        return refs;
    }
}
