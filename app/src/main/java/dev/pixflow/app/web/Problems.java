package dev.pixflow.app.web;

import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.importing.ImportFailedException;
import dev.pixflow.app.importing.UrlRefusedException;
import dev.pixflow.app.security.ForbiddenException;
import dev.pixflow.app.security.IdentityProviderUnavailableException;
import dev.pixflow.app.security.OpenModeRefusedException;
import dev.pixflow.app.security.RateLimits;
import dev.pixflow.app.security.UnauthorizedException;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.DeadlineExceededException;
import dev.pixflow.core.domain.DuplicateDiffersException;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.GoneException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.OverloadedException;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.domain.TooManyRenditionsException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every refusal as an RFC 9457 problem document. The {@code type} is a stable URN per kind of problem,
 * so clients can branch on it without parsing the human-readable detail.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private final long maxUploadBytes;

    public Problems(PixflowProperties props) {
        this.maxUploadBytes = props.upload().maxBytes().toBytes();
    }

    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:pixflow:problem:" + slug));
        p.setTitle(title);
        return p;
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(RejectedImageException.class)
    ResponseEntity<ProblemDetail> rejected(RejectedImageException e) {
        ProblemDetail p = switch (e.reason()) {
            case EMPTY -> problem(HttpStatus.BAD_REQUEST, "empty-body", "Empty upload", e.getMessage());
            case TOO_LARGE -> problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Upload too large", e.getMessage());
            case UNSUPPORTED_FORMAT -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-format", "Unsupported image format", e.getMessage());
            case TYPE_MISMATCH -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "type-mismatch", "Content-Type does not match the bytes", e.getMessage());
            case NOT_AN_IMAGE -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "not-an-image", "Not an image", e.getMessage());
            case CORRUPT -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "corrupt-image", "Truncated or corrupt image", e.getMessage());
            case TOO_MANY_PIXELS -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "too-many-pixels", "Image has too many pixels", e.getMessage());
            case OVER_QUOTA -> overQuota(e);
        };
        return respond(p);
    }

    /**
     * 413, not 507: the server has room, this owner has not; the same upload is refused until they free
     * some, so it carries the numbers to decide how much.
     */
    private static ProblemDetail overQuota(RejectedImageException e) {
        ProblemDetail p = problem(HttpStatus.PAYLOAD_TOO_LARGE, "quota-exceeded", "Storage quota exceeded", e.getMessage());
        if (e instanceof QuotaExceededException q) {
            p.setProperty("quota", q.quota());
            p.setProperty("limit", q.limit());
            p.setProperty("used", q.used());
            p.setProperty("requested", q.requested());
        }
        return p;
    }

    @ExceptionHandler(MultipartRejectedException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartRejectedException e) {
        ProblemDetail p = switch (e.reason()) {
            case INVALID_PART_NUMBER -> problem(HttpStatus.BAD_REQUEST, "invalid-part-number", "Invalid part number", e.getMessage());
            case INVALID_PART -> problem(HttpStatus.BAD_REQUEST, "invalid-part", "Part missing or etag differs", e.getMessage());
            case INVALID_PART_ORDER -> problem(HttpStatus.BAD_REQUEST, "invalid-part-order", "Parts not in ascending order", e.getMessage());
            case PART_TOO_SMALL -> problem(HttpStatus.BAD_REQUEST, "part-too-small", "Part smaller than the minimum", e.getMessage());
            case CHECKSUM_MISMATCH -> problem(HttpStatus.BAD_REQUEST, "checksum-mismatch", "Bytes do not match their checksum", e.getMessage());
            case SIZE_MISMATCH -> problem(HttpStatus.BAD_REQUEST, "size-mismatch", "Parts do not add up to the declared size", e.getMessage());
            case UPLOAD_NOT_OPEN -> problem(HttpStatus.CONFLICT, "upload-not-open", "Upload takes no more changes", e.getMessage());
            case LENGTH_REQUIRED -> problem(HttpStatus.LENGTH_REQUIRED, "length-required", "Body sent without its length", e.getMessage());
            case DIRECT_UPLOADS_UNAVAILABLE -> problem(HttpStatus.CONFLICT, "direct-uploads-unavailable",
                    "No presigned requests on this server", e.getMessage());
        };
        if (e.retryAfterSeconds().isPresent()) {
            // A completion held by a request that may be gone: a complete sent after its lease takes it over.
            return ResponseEntity.status(p.getStatus()).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds().getAsLong()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        return respond(p);
    }

    /** A body that is not one JSON value (malformed, or something after it) is an invalid field like any other. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            org.springframework.http.converter.HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof JsonBodyLimit.TooLarge tooLarge) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Upload too large", tooLarge.getMessage()));
        }
        // Without a cause it is Spring's own (an empty body), whose message names the handler's method.
        String cause = e.getCause() == null ? null : NestedExceptionUtils.getMostSpecificCause(e).getMessage();
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-field", "Invalid field", e.getCause() == null
                ? "the body is empty; send one JSON value"
                : "the body is not one JSON value" + (cause == null ? "" : ": " + cause.lines().findFirst().orElse("")));
        p.setProperty("field", "body");
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** A parameter Spring could not convert is an invalid field, named as any other. */
    /**
     * Spring's Allow names only the mapped methods, where every GET also answers HEAD, and delivery also
     * answers a CORS preflight (OPTIONS): the 405 lists what is answered, as the delivery listener's does.
     */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        Set<HttpMethod> allowed = new LinkedHashSet<>(
                e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods());
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        String path = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI() : "";
        if (path.startsWith("/i/") || path.startsWith("/t/")) {
            allowed.add(HttpMethod.OPTIONS);
        }
        HttpHeaders answered = new HttpHeaders();
        answered.putAll(headers);
        answered.set(HttpHeaders.ALLOW, String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
        return handleExceptionInternal(e, null, answered, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : String.valueOf(e.getPropertyName());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(invalid(new InvalidInputException(field, "must be " + expected(e.getRequiredType()))).getBody());
    }

    /** What a value of {@code type} is, in the API's words (a query parameter's, a JSON field's), never a class name. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT)).toList();
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        // The API's own types are JSON objects to a client; the JDK's have names a client knows (a valid UUID).
        return type.getName().startsWith("java.") ? "a valid " + type.getSimpleName() : "an object";
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(invalid(new InvalidInputException(e.getParameterName(), "is required")).getBody());
    }

    /** A form without its file names the field it lacks. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException e, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        String name = e.getRequestPartName();
        // A part without a filename is a form field to the parser, not a file: say what it lacks.
        boolean sentAsField = request.getParameter(name) != null;
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(invalid(new InvalidInputException(name, sentAsField
                        ? "came as a field, not a file: give its part a filename (Content-Disposition: form-data; name=\"" + name
                        + "\"; filename=\"photo.jpg\")"
                        : "is required")).getBody());
    }

    /**
     * What Spring refuses before a handler runs (a path or method nothing maps, a body type or an Accept no
     * handler takes) comes typed {@code about:blank}; it gets the type of its status like the
     * container's refusals ({@link ContainerErrors#forStatus}), with a detail that says what to send.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
                                                             WebRequest request) {
        ProblemDetail given = body instanceof ProblemDetail p ? p : e instanceof ErrorResponse framework ? framework.getBody() : null;
        if (given != null && (given.getType() == null || ABOUT_BLANK.equals(given.getType()))) {
            body = ContainerErrors.forStatus(status, frameworkDetail(e, given));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private static String frameworkDetail(Exception e, ProblemDetail given) {
        if (e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
            return "no such path";
        }
        if (e instanceof HttpMediaTypeNotSupportedException unsupported) {
            String reads = unsupported.getSupportedMediaTypes().stream().map(MediaType::toString).distinct()
                    .collect(Collectors.joining(", "));
            return (unsupported.getContentType() == null ? "the body has no Content-Type"
                    : "a body of " + unsupported.getContentType() + " is not read here")
                    + (reads.isEmpty() ? "" : "; this operation reads " + reads);
        }
        return given.getDetail();
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-field", "Invalid field", e.getMessage());
        p.setProperty("field", e.field());
        return respond(p);
    }

    /**
     * The database refusing a write for lack of space is the same condition as the disk refusing one, also
     * when it refuses the commit itself (a transaction failure, not a data-access one).
     */
    @ExceptionHandler({org.springframework.dao.DataAccessException.class, org.springframework.transaction.TransactionException.class})
    ResponseEntity<ProblemDetail> database(RuntimeException e, HttpServletRequest request) {
        if (StorageFull.isCause(e)) {
            LOG.warn("database full on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            return respond(problem(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
                    "the server has no space left; nothing was stored; retry later"));
        }
        LOG.error("database failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "the database failed; nothing was stored; retry later"));
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, e.challenge().header())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Credentials missing or invalid", e.getMessage()));
    }

    /** An import URL refused before any connection: {@code reason} says which rule (scheme, loopback, metadata ...). */
    @ExceptionHandler(UrlRefusedException.class)
    ResponseEntity<ProblemDetail> urlRefused(UrlRefusedException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "url-refused", "URL refused", e.getMessage());
        p.setProperty("reason", e.reason());
        return respond(p);
    }

    @ExceptionHandler(ImportFailedException.class)
    ResponseEntity<ProblemDetail> importFailed(ImportFailedException e) {
        return respond(problem(HttpStatus.BAD_GATEWAY, "import-failed", "Import failed", e.getMessage()));
    }

    @ExceptionHandler(RateLimits.RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimits.RateLimitedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withLimit(problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limit reached", e.getMessage()),
                        e.limit() + "-per-minute"));
    }

    private static ProblemDetail withLimit(ProblemDetail p, String limit) {
        p.setProperty("rateLimit", limit);
        return p;
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, "admin-only", "Admins only", e.getMessage());
        return e.challenge().map(c -> ResponseEntity.status(HttpStatus.FORBIDDEN).header(HttpHeaders.WWW_AUTHENTICATE, c.header())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p)).orElseGet(() -> respond(p));
    }

    @ExceptionHandler(OpenModeRefusedException.class)
    ResponseEntity<ProblemDetail> openModeRefused(OpenModeRefusedException e) {
        return respond(problem(HttpStatus.FORBIDDEN, "open-mode-refused", "Refused by an open server", e.getMessage()));
    }

    /** A token that could not be checked, the identity provider being out of reach: no reason to sign in again. */
    @ExceptionHandler(IdentityProviderUnavailableException.class)
    ResponseEntity<ProblemDetail> identityProviderUnavailable(IdentityProviderUnavailableException e) {
        // Logged where it happens, as an outage (IdentityTokens): once, then a line a minute, then its end.
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable", "Identity provider unavailable",
                e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    /** An image that expired: gone for good, which a client (or a CDN) may remember, unlike a 404. */
    @ExceptionHandler(GoneException.class)
    ResponseEntity<ProblemDetail> gone(GoneException e) {
        ProblemDetail p = problem(HttpStatus.GONE, "expired", "Image expired", e.getMessage());
        p.setProperty("expiredAt", e.expiredAt().toString());
        return respond(p);
    }

    /** `existing` is the image these bytes already are, `fields` what the upload asked for that it is not. */
    @ExceptionHandler(DuplicateDiffersException.class)
    ResponseEntity<ProblemDetail> duplicateDiffers(DuplicateDiffersException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "duplicate-differs", "Already uploaded, differently", e.getMessage());
        p.setProperty("existing", e.existing().value());
        p.setProperty("fields", e.fields());
        return respond(p);
    }

    /** A rendition name already holding another recipe: `recipe` is the one it holds, to reuse or avoid. */
    @ExceptionHandler(RenditionNameTakenException.class)
    ResponseEntity<ProblemDetail> nameTaken(RenditionNameTakenException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "rendition-name-taken", "Rendition name taken", e.getMessage());
        p.setProperty("name", e.name());
        p.setProperty("recipe", e.recipe());
        return respond(p);
    }

    /** An image holding as many asked-for renditions as one may: `limit` says how many. */
    @ExceptionHandler(TooManyRenditionsException.class)
    ResponseEntity<ProblemDetail> tooManyRenditions(TooManyRenditionsException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "too-many-renditions", "Too many renditions", e.getMessage());
        p.setProperty("limit", e.limit());
        return respond(p);
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e) {
        ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "overloaded", "Too busy, retry later", e.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** A render on a request that ran past pixflow.engine.render-deadline: stopped, nothing kept. */
    @ExceptionHandler(DeadlineExceededException.class)
    ResponseEntity<ProblemDetail> renderTimeout(DeadlineExceededException e) {
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "render-timeout", "Render took too long", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Upload too large", "the file is larger than "
                        + maxUploadBytes + " bytes, or the form than that and " + ContainerSettings.FORM_OVERHEAD_BYTES
                        + " bytes for its fields; nothing was stored"));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "bad-multipart", "Malformed multipart body", e.getMostSpecificCause().getMessage()));
    }

    /** A client that hangs up mid-upload is not a server error; a full disk is 507; anything else I/O is 503. */
    @ExceptionHandler(IOException.class)
    ResponseEntity<ProblemDetail> io(IOException e, HttpServletRequest request) {
        if (e.getClass().getName().endsWith("ClientAbortException") || e instanceof java.io.EOFException) {
            return respond(problem(HttpStatus.BAD_REQUEST, "incomplete-body", "Incomplete request body", "the body ended early"));
        }
        // Tomcat's word for a body it cannot read as HTTP frames it (a broken chunk, a length it never
        // reached): the client's fault, not the storage's.
        if (e.getClass().getName().endsWith(".BadRequestException")) {
            LOG.info("malformed request body on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            return respond(problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                    "the body could not be read as HTTP frames it: " + e.getMessage() + "; nothing was stored"));
        }
        if (StorageFull.isCause(e)) {
            LOG.warn("storage full on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            return respond(problem(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
                    "the server has no space left for this upload; nothing was stored; retry later"));
        }
        LOG.error("I/O failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable", "the storage failed; retry later"));
    }
}
