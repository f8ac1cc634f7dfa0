package dev.pixflow.app.web;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.usecase.ImageCatalog;
import dev.pixflow.core.usecase.ImageEdit;
import dev.pixflow.core.usecase.Uploaded;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadRequest;
import dev.pixflow.app.delivery.DeliveryResponses;
import dev.pixflow.app.delivery.PreconditionFailedException;
import dev.pixflow.app.delivery.Preconditions;
import dev.pixflow.core.usecase.VariantCatalogue;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.time.Clock;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code /v1/images}: upload, read, edit, delete, list. */
@RestController
@ConditionalOnRole(Role.UPLOAD)
public class ImagesController {
    /** The upload parameters' note: an import by URL, the same operation's JSON form, takes none. */
    private static final String RAW_OR_FORM = " (raw and form uploads; an import by URL takes no query parameter)";
    private static final Set<String> EDITABLE = RequestBodies.fields(RequestBodies.ImageEditBody.class);

    private final UploadImage upload;
    private final ImageCatalog catalog;
    private final VariantCatalogue variants;
    private final Clock clock;

    public ImagesController(UploadImage upload, ImageCatalog catalog, VariantCatalogue variants, Clock clock) {
        this.upload = upload;
        this.catalog = catalog;
        this.variants = variants;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "200", description = "these bytes are already one of the owner's images: that image, marked duplicate")
    @PostMapping(path = "/v1/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<ImageJson> uploadForm(Caller caller, @RequestPart("file") MultipartFile file,
                                                @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> fields,
                                                HttpServletRequest request) throws IOException, ServletException {
        IdentityCoding.require(request);
        if (ChecksumHeaders.of(request).isPresent()) {
            // It would digest the whole form, fields and boundaries with the image: nothing to check the image by.
            throw new InvalidInputException(request.getHeader(ChecksumHeaders.MD5) != null ? ChecksumHeaders.MD5 : ChecksumHeaders.SHA256,
                    "covers the whole body, which in a form is more than the image: send the image as the raw body to have it checked");
        }
        checkFormFiles(request);
        checkUploadParameters(fields, PARAMETERS);
        ImageMetadata metadata = ImageMetadataRequest.of(fields::getFirst).metadata();
        String expiresAt = fields.getFirst("expiresAt");
        String allowDuplicate = fields.getFirst("allowDuplicate");
        String filename = Optional.ofNullable(fields.getFirst("filename")).orElse(file.getOriginalFilename());
        try (InputStream body = file.getInputStream()) {
            return stored(caller, upload.store(new UploadRequest(body, Optional.ofNullable(file.getContentType()),
                    filename, metadata, caller.owner(), OptionalLong.empty(),
                    expiry(expiresAt), !SearchParameters.flag(allowDuplicate, "allowDuplicate"))));
        }
    }

    /**
     * The raw form. The query string is parsed here rather than with request parameters, because asking
     * the servlet for parameters would read a form-encoded body as fields.
     */
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "200", description = "these bytes are already one of the owner's images: that image, marked duplicate")
    @Parameters({
            @Parameter(name = "filename", in = ParameterIn.QUERY,
                    description = "the file's name (by default the form part's, or Content-Disposition's)" + RAW_OR_FORM),
            @Parameter(name = "title", in = ParameterIn.QUERY, description = "a title, searched" + RAW_OR_FORM),
            @Parameter(name = "description", in = ParameterIn.QUERY, description = "a description, searched" + RAW_OR_FORM),
            @Parameter(name = "tags", in = ParameterIn.QUERY, description = "tags, comma separated" + RAW_OR_FORM),
            @Parameter(name = "visibility", in = ParameterIn.QUERY, description = "public (the default) or private" + RAW_OR_FORM,
                    schema = @Schema(type = "string", allowableValues = {"public", "private"})),
            @Parameter(name = "altText", in = ParameterIn.QUERY, description = "the image's alternative text" + RAW_OR_FORM),
            @Parameter(name = "expiresAt", in = ParameterIn.QUERY, description = "when the image expires (ISO-8601 instant)" + RAW_OR_FORM,
                    schema = @Schema(type = "string", format = "date-time")),
            @Parameter(name = "allowDuplicate", in = ParameterIn.QUERY,
                    description = "store these bytes as a new image even when the owner has them already" + RAW_OR_FORM,
                    schema = @Schema(type = "boolean", defaultValue = "false"))})
    @PostMapping(path = "/v1/images")
    public ResponseEntity<ImageJson> uploadRaw(Caller caller, HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !isRawImageType(contentType)) {
            throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                    "send the image as a raw body with an image Content-Type, or as multipart/form-data field 'file'"
                            + (contentType == null ? "" : "; got " + contentType));
        }
        IdentityCoding.require(request);
        if (request.getContentLengthLong() > upload.maxBytes()) {
            throw new RejectedImageException(Reason.TOO_LARGE, "the body is larger than " + upload.maxBytes() + " bytes");
        }
        MultiValueMap<String, String> query = UriComponentsBuilder.newInstance().query(request.getQueryString())
                .build().getQueryParams();
        checkUploadParameters(query, PARAMETERS);
        String filename = Optional.ofNullable(decoded(query, "filename"))
                .orElseGet(() -> filenameFromDisposition(request.getHeader(HttpHeaders.CONTENT_DISPOSITION)));
        ImageMetadata metadata = ImageMetadataRequest.of(name -> decoded(query, name)).metadata();
        Optional<java.time.Instant> expiresAt = expiry(decoded(query, "expiresAt"));
        boolean allowDuplicate = SearchParameters.flag(decoded(query, "allowDuplicate"), "allowDuplicate");
        Optional<PartChecksum> checksum = ChecksumHeaders.of(request);
        try (InputStream sent = request.getInputStream()) {
            // Checked as the body is spooled, before anything of it is kept.
            InputStream body = checksum.map(c -> c.verifying(sent)).orElse(sent);
            return stored(caller, upload.store(new UploadRequest(body, Optional.of(contentType), filename, metadata,
                    caller.owner(), OptionalLong.empty(), expiresAt, !allowDuplicate)));
        }
    }

    /**
     * With its version ({@code ETag}, {@code Last-Modified}): 304 to a revalidation, the tag for an
     * {@code If-Match}. A private image's record carries signed links that run out, so it is sent whole.
     * Returned as a body, not an entity, so that Spring does not weigh the conditions again by its rules.
     */
    @ApiResponse(responseCode = "304", description = "not modified: the If-None-Match or If-Modified-Since still holds (never for a private image)")
    @GetMapping("/v1/images/{id}")
    public ImageJson get(Caller caller, @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        ImageRecord record = catalog.get(caller, recordId(id, request));
        String etag = versioned(record, caller, response);
        switch (Preconditions.evaluate(request, etag, record.updatedAt(), clock.instant())) {
            case NOT_MODIFIED -> {
                if (record.visibility() != Visibility.PRIVATE) {
                    response.setStatus(HttpStatus.NOT_MODIFIED.value());
                    return null;
                }
            }
            case FAILED -> throw new PreconditionFailedException("If-Match or If-Unmodified-Since does not hold for " + etag);
            case PROCEED -> { }
        }
        return ImageJson.of(record, variants, caller);
    }

    /**
     * The version an owner edits: the record's last change, and whose view (the owner's shows more). Each
     * use asks the origin again ({@code no-cache}), and no shared cache keeps a caller's view.
     */
    private static String versioned(ImageRecord record, Caller caller, HttpServletResponse response) {
        HttpHeaders version = RecordConditions.version(record, caller);
        version.forEach((name, values) -> response.setHeader(name, values.getFirst()));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        return version.getETag();
    }

    /** Listing and search: {@link SearchParameters} says what each parameter means. */
    @GetMapping(path = "/v1/images", produces = MediaType.APPLICATION_JSON_VALUE)
    @Parameters({
            @Parameter(name = "q", in = ParameterIn.QUERY, description = "full text: every word must match, the last also as a prefix"),
            @Parameter(name = "tag", in = ParameterIn.QUERY, description = "a tag the image has (repeat, or comma-separate, for all of several)"),
            @Parameter(name = "owner", in = ParameterIn.QUERY, description = "whose images: the caller's by default; another's for an admin"),
            @Parameter(name = "from", in = ParameterIn.QUERY, description = "uploaded at or after (ISO-8601 instant or date)"),
            @Parameter(name = "to", in = ParameterIn.QUERY, description = "uploaded before (excluded; a date: up to the end of that day)"),
            @Parameter(name = "takenFrom", in = ParameterIn.QUERY, description = "taken (EXIF) at or after (ISO-8601 instant or date)"),
            @Parameter(name = "takenTo", in = ParameterIn.QUERY, description = "taken (EXIF) before (excluded; a date: up to the end of that day)"),
            @Parameter(name = "format", in = ParameterIn.QUERY, description = "jpeg, png, webp, gif, tiff, avif or heic"),
            @Parameter(name = "minWidth", in = ParameterIn.QUERY, description = "at least this wide, as displayed",
                    schema = @Schema(type = "integer", minimum = "1")),
            @Parameter(name = "minHeight", in = ParameterIn.QUERY, description = "at least this high, as displayed",
                    schema = @Schema(type = "integer", minimum = "1")),
            @Parameter(name = "orientation", in = ParameterIn.QUERY, description = "landscape, portrait or square"),
            @Parameter(name = "hasGps", in = ParameterIn.QUERY, description = "whether the photo carries a GPS position",
                    schema = @Schema(type = "boolean")),
            @Parameter(name = "status", in = ParameterIn.QUERY, description = "processing, ready or failed"),
            @Parameter(name = "sort", in = ParameterIn.QUERY, description = "newest (default), oldest, or relevance (with q: its default)"),
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "items a page",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "the nextCursor of the page before")})
    public ImagePage list(Caller caller, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        ImageQuery query = SearchParameters.query(caller, params);
        Page<ImageRecord> page = catalog.list(caller, query);
        List<ImageJson> items = page.items().stream().map(r -> ImageJson.of(r, variants, caller)).toList();
        return new ImagePage(items, page.next().map(PageCursor::encode).orElse(null));
    }

    /** A page of the listing; {@code nextCursor} is null on the last. */
    public record ImagePage(List<ImageJson> items, @JsonInclude(JsonInclude.Include.ALWAYS)
                            @Schema(types = {"string", "null"}) String nextCursor) {
    }

    @PatchMapping(path = "/v1/images/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    public ImageJson edit(Caller caller, @PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.ImageEditBody.class)),
            @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = RequestBodies.ImageEditBody.class))}) @RequestBody JsonNode patch, HttpServletRequest request,
                          HttpServletResponse response) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInputException("body", "a JSON object with title, description and/or tags");
        }
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!EDITABLE.contains(field)) {
                throw new InvalidInputException(field, "cannot be edited; editable: title, description, tags, visibility, altText, expiresAt");
            }
        }
        Optional<Visibility> visibility = patch.has("visibility")
                ? Optional.of(Visibility.parse(patch.get("visibility").isTextual() ? patch.get("visibility").asText() : null, "visibility"))
                : Optional.empty();
        // null is "never"; a string is an expiry, and an empty one is a client's unset variable, not "never".
        boolean neverExpire = patch.has("expiresAt") && patch.get("expiresAt").isNull();
        Optional<java.time.Instant> expiresAt = neverExpire ? Optional.empty() : expiry(text(patch, "expiresAt").orElse(null));
        ImageEdit edit = new ImageEdit(text(patch, "title"), text(patch, "description"), tags(patch), visibility,
                text(patch, "altText"), expiresAt, neverExpire);
        ImageId imageId = recordId(id, request);
        ImageRecord edited = catalog.edit(caller, imageId, edit, RecordConditions.of(caller, request, clock));
        versioned(edited, caller, response);
        return ImageJson.of(edited, variants, caller);
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/v1/images/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String id, HttpServletRequest request) throws IOException {
        ImageId imageId = recordId(id, request);
        catalog.delete(caller, imageId, RecordConditions.of(caller, request, clock));
        return ResponseEntity.noContent().build();
    }

    /**
     * 201 with the new record, or 200 with the owner's image that already had these bytes, marked
     * {@code "duplicate": true}.
     */
    private ResponseEntity<ImageJson> stored(Caller caller, Uploaded uploaded) {
        if (uploaded.duplicate()) {
            return RecordConditions.versioned(ResponseEntity.ok(), uploaded.record(), caller)
                    .body(ImageJson.of(uploaded.record(), variants, caller, true));
        }
        return created(uploaded.record(), caller);
    }

    /** 201 with the record as {@code caller} sees it, its Location and its version, as every way of making an image answers. */
    public ResponseEntity<ImageJson> created(ImageRecord record, Caller caller) {
        URI location = UriComponentsBuilder.fromPath("/v1/images/{id}").buildAndExpand(record.id().value()).toUri();
        return RecordConditions.versioned(ResponseEntity.created(location), record, caller).body(ImageJson.of(record, variants, caller));
    }

    /**
     * The id of {@code /v1/images/{id}}. {@code tags} there is bulk tagging's, which only POST reaches:
     * another method is refused as one (405), not answered as an image that does not exist.
     */
    private static ImageId recordId(String id, HttpServletRequest request) {
        if (id.equals("tags")) {
            throw new MethodNotAllowedException(request.getMethod(), List.of(HttpMethod.POST));
        }
        return parseId(id);
    }

    /** An image id from a path: one that cannot be an id names no image (404). */
    public static ImageId parseId(String id) {
        return ImageId.parse(id).orElseThrow(() -> new NotFoundException("no image " + id));
    }

    /**
     * An image type, or one that says nothing of the bytes. Its parameters are not read: they say nothing
     * of an image, and one a tool adds ({@code file --mime}: {@code charset=binary}) is no charset a
     * media-type parser knows.
     */
    private static boolean isRawImageType(String contentType) {
        String bare = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return bare.startsWith("image/") && bare.length() > "image/".length()
                || !bare.isEmpty() && ImageFormat.saysNothing(bare);
    }

    private static String filenameFromDisposition(String header) {
        if (header == null) {
            return null;
        }
        try {
            String name = ContentDisposition.parse(header).getFilename();
            return name == null ? null : sentAsUtf8(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A header's bytes reach us as ISO-8859-1; a plain {@code filename="..."} that tools (curl, scripts)
     * send in UTF-8 is taken as UTF-8 where its bytes are valid UTF-8 (a name in ISO-8859-1 seldom is).
     * {@code filename*=UTF-8''...} is decoded already, and left as it is.
     */
    static String sentAsUtf8(String name) {
        if (name.chars().allMatch(c -> c < 0x80) || name.chars().anyMatch(c -> c > 0xFF)) {
            return name;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return name;
        }
    }

    /** What an upload's query, or a form's fields besides its file, may say. */
    private static final Set<String> PARAMETERS = Stream.concat(ImageMetadataRequest.FIELDS.stream(),
            Stream.of("filename", "expiresAt", "allowDuplicate")).collect(Collectors.toUnmodifiableSet());

    /**
     * A form carries one file, {@code file}, as it is: another file field, or the file twice, is refused
     * as a field given twice or unknown would be (Spring takes the first and passes the rest over), and a
     * file part with a content coding as a raw body with one is.
     */
    private static void checkFormFiles(HttpServletRequest request) throws IOException, ServletException {
        int files = 0;
        for (Part part : request.getParts()) {
            if (part.getSubmittedFileName() == null) {
                continue;
            }
            if (!part.getName().equals("file")) {
                throw new InvalidInputException(part.getName(), "is no field of an upload; the image goes in 'file'");
            }
            if (++files > 1) {
                throw new InvalidInputException("file", "give it once: an upload is one image");
            }
            IdentityCoding.require(part);
        }
    }

    /**
     * An upload's parameters are refused unless known and given once: a misspelt one would otherwise be
     * ignored, and {@code visibilty=private} would make a public image.
     */
    private static void checkUploadParameters(MultiValueMap<String, String> given, Set<String> known) {
        KnownQueryParameters.requireKnown(given.keySet(), known, "an upload");
        given.forEach((name, values) -> KnownQueryParameters.requireOnce(name, values.size()));
    }

    /** A query parameter of a raw upload, percent-decoded; a 400 naming it where its encoding is broken. */
    private static String decoded(MultiValueMap<String, String> query, String name) {
        String value = query.getFirst(name);
        try {
            return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "is not percent-encoded UTF-8 (" + e.getMessage() + ")");
        }
    }

    /** An expiry a request gives: none when absent; a blank one is refused, as no instant (and no "never"). */
    private static Optional<java.time.Instant> expiry(String text) {
        if (text != null && text.isBlank()) {
            throw new InvalidInputException("expiresAt", "is an ISO-8601 instant or a date; leave it out (or, to edit, send null) for no expiry");
        }
        return SearchParameters.instant(text, "expiresAt", false);
    }

    /** Absent: keep; null: clear; string: set. */
    private static Optional<String> text(JsonNode patch, String field) {
        if (!patch.has(field)) {
            return Optional.empty();
        }
        JsonNode v = patch.get(field);
        if (v.isNull()) {
            return Optional.of("");
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(field, "must be a string or null");
        }
        return Optional.of(v.asText());
    }

    private static Optional<List<String>> tags(JsonNode patch) {
        if (!patch.has("tags")) {
            return Optional.empty();
        }
        JsonNode v = patch.get("tags");
        if (v.isNull()) {
            return Optional.of(List.of());
        }
        if (v.isTextual()) {
            return Optional.of(ImageMetadata.parseTags(v.asText()));
        }
        if (!v.isArray()) {
            throw new InvalidInputException("tags", "must be an array of strings or a comma-separated string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw new InvalidInputException("tags", "must be an array of strings");
            }
            out.add(t.asText());
        }
        return Optional.of(out);
    }
}
