package dev.pixflow.app.openapi;

import java.util.List;
import java.util.function.Predicate;

/**
 * The problem types the API answers with, for its OpenAPI description: each with its status, title,
 * when it is answered and which operations can answer it. The problem documents themselves are made
 * where they are answered ({@code web.Problems}, {@code delivery.DeliveryProblems}); a test holds this
 * list to theirs, so a new problem type is not left undocumented.
 */
public final class ProblemCatalogue {
    private ProblemCatalogue() {
    }

    /** One operation: its HTTP method and its path template, as in the OpenAPI document. */
    public record Route(String method, String path) {
        boolean under(String prefix) {
            return path.startsWith(prefix);
        }

        boolean is(String method, String path) {
            return this.method.equals(method) && this.path.equals(path);
        }

        boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        boolean namesSomething() {
            return path.contains("{");
        }
    }

    /**
     * @param slug      the last part of the type URN, {@code urn:pixflow:problem:<slug>}
     * @param status    the HTTP status it comes with
     * @param title     the problem document's title
     * @param when      what makes the server answer it, for the reader
     * @param answersOn the operations that can answer it
     */
    public record ProblemType(String slug, int status, String title, String when, Predicate<Route> answersOn) {
        public static final String PREFIX = "urn:pixflow:problem:";

        public String type() {
            return PREFIX + slug;
        }
    }

    private static final Predicate<Route> API = r -> r.under("/v1/");
    private static final Predicate<Route> DELIVERY = r -> r.under("/i/") || r.under("/t/");
    private static final Predicate<Route> IMAGE_IN = r -> r.is("POST", "/v1/images") || r.is("POST", "/v1/uploads/{uploadId}/complete");
    private static final Predicate<Route> PART = r -> r.is("PUT", "/v1/uploads/{uploadId}/parts/{partNumber}");
    private static final Predicate<Route> PRESIGN = r -> r.method().equals("POST") && r.under("/v1/uploads/") && r.path().endsWith("/presign");
    private static final Predicate<Route> COMPLETE = r -> r.is("POST", "/v1/uploads/{uploadId}/complete");
    private static final Predicate<Route> START = r -> r.is("POST", "/v1/uploads");
    private static final Predicate<Route> WEBHOOK_CREATE = r -> r.is("POST", "/v1/admin/webhooks");
    private static final Predicate<Route> ONE_IMAGE = r -> r.under("/v1/images/{id}");

    public static final List<ProblemType> ALL = List.of(
            new ProblemType("unauthorized", 401, "Credentials missing or invalid",
                    "no `Authorization: Bearer` key or token once keys exist or an identity provider is configured, an unknown,"
                            + " revoked or expired key, a token that is expired, forged, for another audience or no JWT, or another scheme;"
                            + " delivery answers without one (or with another scheme than Bearer) what anyone may see; `WWW-Authenticate` says which (RFC 6750)",
                    API.or(DELIVERY)),
            new ProblemType("admin-only", 403, "Admins only",
                    "a key that is not an admin's, or a token without the admin scope or role, on `/v1/admin/`",
                    r -> r.under("/v1/admin/")),
            new ProblemType("open-mode-refused", 403, "Refused by an open server",
                    "a server with no key yet, on loopback, answers this machine's own requests only: a request for another name"
                            + " than `localhost` or a loopback address (a page that pointed its name at 127.0.0.1), or a change"
                            + " another site's page sends",
                    API.or(DELIVERY)),
            new ProblemType("identity-provider-unavailable", 503, "Identity provider unavailable",
                    "an access token could not be checked: the identity provider's signing keys could not be fetched; retry later",
                    API.or(DELIVERY)),
            new ProblemType("rate-limited", 429, "Rate limit reached",
                    "the key is over its uploads or bytes a minute, counted over every process; `rateLimit` says which,"
                            + " `Retry-After` when to try again",
                    ((Predicate<Route>) r -> r.is("POST", "/v1/images")).or(START).or(PART)),
            new ProblemType("invalid-field", 400, "Invalid field",
                    "a field, parameter or recipe option is invalid; `field` names it",
                    API.or(r -> r.under("/t/"))),
            new ProblemType("not-found", 404, "Not found",
                    "no such image, upload, webhook or key, or one of another owner's (answered exactly alike)",
                    API.and(Route::namesSomething).or(DELIVERY)),
            new ProblemType("expired", 410, "Image expired", "the image expired; `expiredAt` says when; it is gone for good",
                    ONE_IMAGE.or(DELIVERY)),
            new ProblemType("empty-body", 400, "Empty upload", "the body is empty", IMAGE_IN),
            new ProblemType("too-large", 413, "Upload too large",
                    "the body, a part or a declared size is over the limit (a JSON body is at most 1 MiB); an import whose"
                            + " remote declares more is refused on its headers",
                    IMAGE_IN.or(START).or(PART).or(PRESIGN).or(API.and(Route::writes).and(r -> !r.method().equals("DELETE")))),
            new ProblemType("quota-exceeded", 413, "Storage quota exceeded",
                    "the upload would take its owner's stored bytes past `pixflow.security.limits.stored-bytes`; `quota`, `limit`,"
                            + " `used` and `requested` say by how much; nothing of it was stored (an asked-for rendition's"
                            + " bytes count too)",
                    IMAGE_IN.or(START).or(PART).or(r -> r.is("POST", "/v1/images/{id}/renditions"))),
            new ProblemType("unsupported-format", 415, "Unsupported image format",
                    "not an accepted format (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC), a Content-Type no accepted format uses, or"
                            + " a body with a Content-Encoding", IMAGE_IN.or(START).or(PART)),
            new ProblemType("type-mismatch", 415, "Content-Type does not match the bytes",
                    "the declared type names another format than the bytes", IMAGE_IN),
            new ProblemType("not-an-image", 422, "Not an image", "the bytes are no image", IMAGE_IN),
            new ProblemType("corrupt-image", 422, "Truncated or corrupt image", "the image does not decode", IMAGE_IN),
            new ProblemType("too-many-pixels", 422, "Image has too many pixels",
                    "more pixels than the limit, read from the header before any decode; or a recipe whose output would be"
                            + " over the limits", IMAGE_IN.or(r -> r.is("POST", "/v1/images/{id}/renditions")).or(r -> r.under("/t/"))),
            new ProblemType("incomplete-body", 400, "Incomplete request body", "the client hung up before the body ended",
                    ((Predicate<Route>) r -> r.is("POST", "/v1/images")).or(PART)),
            new ProblemType("bad-multipart", 400, "Malformed multipart body", "a multipart/form-data body that does not parse",
                    r -> r.is("POST", "/v1/images")),
            new ProblemType("bad-request", 400, "Bad request",
                    "a request the server cannot read as HTTP: a request line, path or header that breaks the syntax, headers"
                            + " over the limit, a body whose chunks or length break off",
                    API.or(DELIVERY)),
            new ProblemType("method-not-allowed", 405, "Method not allowed",
                    "a method the path does not take; `Allow` lists those it does", API.or(DELIVERY)),
            new ProblemType("not-acceptable", 406, "Not acceptable",
                    "an `Accept` that none of the operation's answers satisfies (the API answers JSON)", API),
            new ProblemType("unsupported-media-type", 415, "Unsupported media type",
                    "a body whose `Content-Type` the operation does not read, or none (the API's bodies are JSON)",
                    API.and(Route::writes).and(IMAGE_IN.or(PART).negate())),
            new ProblemType("request-timeout", 408, "Request timeout",
                    "the body stopped arriving for longer than the connection's timeout; nothing was stored",
                    Route::writes),
            new ProblemType("server-error", 500, "Server error",
                    "a failure of the server's own; the log has its cause; retry later", API.or(DELIVERY)),
            new ProblemType("range-not-satisfiable", 416, "Range not satisfiable",
                    "a `Range` in bytes that is malformed, past the end, or more ranges than the whole; `Content-Range`"
                            + " gives the length", DELIVERY),
            new ProblemType("precondition-failed", 412, "Precondition failed",
                    "an `If-Match` that names none of the answer's or the record's tags, or an `If-Unmodified-Since` before"
                            + " its last change: the image changed since it was read (a change is then not made); any"
                            + " `If-Match` on a bulk tag change, which has no version to match",
                    DELIVERY.or(r -> r.path().equals("/v1/images/{id}")).or(r -> r.path().startsWith("/v1/images/{id}/renditions"))
                            .or(r -> r.is("POST", "/v1/images/tags"))),
            new ProblemType("url-refused", 400, "URL refused",
                    "an import or webhook URL that is not http(s) or whose address is not public; `reason` says which rule",
                    r -> r.is("POST", "/v1/images") || WEBHOOK_CREATE.test(r)),
            new ProblemType("import-failed", 502, "Import failed",
                    "the import URL answered an error, too slowly, or not at all", r -> r.is("POST", "/v1/images")),
            new ProblemType("overloaded", 429, "Too busy, retry later",
                    "every render slot is busy; `Retry-After` says when to try again", IMAGE_IN.or(DELIVERY)),
            new ProblemType("render-timeout", 503, "Render took too long",
                    "a render on the request ran past `pixflow.engine.render-deadline` and was stopped; nothing was kept",
                    DELIVERY),
            new ProblemType("invalid-part-number", 400, "Invalid part number", "a part number outside 1..10000",
                    PART.or(PRESIGN).or(COMPLETE)),
            new ProblemType("invalid-part", 400, "Part missing or etag differs",
                    "a listed part was not received, or its etag differs", COMPLETE),
            new ProblemType("invalid-part-order", 400, "Parts not in ascending order",
                    "the parts listed are not in ascending order, or none are", COMPLETE),
            new ProblemType("part-too-small", 400, "Part smaller than the minimum",
                    "a part other than the last is under the minimum part size", COMPLETE),
            new ProblemType("checksum-mismatch", 400, "Bytes do not match their checksum",
                    "the part's bytes, or a raw upload's body, differ from the Content-MD5 or x-checksum-sha256 sent with them;"
                            + " nothing was kept", PART.or(r -> r.is("POST", "/v1/images"))),
            new ProblemType("size-mismatch", 400, "Parts do not add up to the declared size",
                    "the parts add up to another size than the upload declared", COMPLETE),
            new ProblemType("upload-not-open", 409, "Upload takes no more changes",
                    "the upload is completing, completed or aborted; `Retry-After` when a completion holds it",
                    PART.or(COMPLETE).or(PRESIGN).or(r -> r.is("DELETE", "/v1/uploads/{uploadId}"))),
            new ProblemType("duplicate-differs", 409, "Already uploaded, differently",
                    "the owner already has these bytes as an image that the upload's fields (private, a title, tags, an"
                            + " expiry...) do not describe; `existing` is that image, `fields` what differs; PATCH it, or send"
                            + " `allowDuplicate=true`", r -> r.is("POST", "/v1/images")),
            new ProblemType("rendition-name-taken", 409, "Rendition name taken",
                    "the name already holds another recipe that has not failed; its URL is delivered as immutable, so a new"
                            + " recipe needs a new name; `recipe` is the one the name holds",
                    r -> r.is("POST", "/v1/images/{id}/renditions")),
            new ProblemType("too-many-renditions", 409, "Too many renditions",
                    "a new name for an image that already holds `pixflow.limits.max-renditions` (100) names of renditions asked"
                            + " for by recipe, removed ones included (each keeps its name); `limit` says how many",
                    r -> r.is("POST", "/v1/images/{id}/renditions")),
            new ProblemType("length-required", 411, "Body sent without its length",
                    "a part without Content-Length (where parts go to S3), or a form sent in chunks while a bytes-a-minute"
                            + " limit is set", PART.or(r -> r.is("POST", "/v1/images"))),
            new ProblemType("direct-uploads-unavailable", 409, "No presigned requests on this server",
                    "presigned requests need an S3 bucket", PRESIGN),
            new ProblemType("bad-signature", 403, "Bad or missing signature",
                    "a transformation URL or signed link whose signature does not match", DELIVERY),
            new ProblemType("link-expired", 410, "Link expired", "a signed link past its expiry; it never comes back", DELIVERY),
            new ProblemType("storage-full", 507, "Storage full", "no space left on the disk or in the database; nothing was stored",
                    API.and(Route::writes)),
            new ProblemType("storage-unavailable", 503, "Storage unavailable", "the storage failed; retry later",
                    API.or(DELIVERY)),
            new ProblemType("database-unavailable", 503, "Database unavailable",
                    "the database failed; nothing was stored; retry later", API.or(DELIVERY)));
}
