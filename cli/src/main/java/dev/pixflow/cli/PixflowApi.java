package dev.pixflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Pixflow's HTTP API as the CLI uses it. Bodies are streamed from the file, never read whole. */
final class PixflowApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How often a request refused for the key's rate limit is sent again, after the wait the server
     * names: uploading a folder of a few hundred photos meets the per-minute limits, and is still one
     * command. A longer wait than {@link #LONGEST_WAIT} is reported instead.
     */
    static final int RATE_LIMITED_ATTEMPTS = 10;
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final PrintStream log;

    /**
     * @param server the server's URL without a trailing slash, as the upload command has written it
     * @param apiKey sent as a bearer token on every request; null for a server without keys
     * @param log    where a wait for the rate limit is said
     */
    PixflowApi(String server, String apiKey, PrintStream log) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.base = server;
        this.log = log;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code visibility} null: the server's default (public). */
    record Metadata(String title, String description, List<String> tags, String visibility) {
    }

    /**
     * One {@code POST /v1/images}. The body waits for the server's {@code 100 Continue}, so that a
     * refusal on the declared length (413) is heard as the server's answer instead of as a connection
     * closed mid-body.
     *
     * @param allowDuplicate a new record even when the server already holds these bytes
     */
    JsonNode uploadWhole(String filename, String contentType, long size, Supplier<InputStream> body, Metadata m,
                         boolean allowDuplicate) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("?filename=").append(encode(filename));
        if (allowDuplicate) {
            query.append("&allowDuplicate=true");
        }
        if (m.title() != null) {
            query.append("&title=").append(encode(m.title()));
        }
        if (m.description() != null) {
            query.append("&description=").append(encode(m.description()));
        }
        if (m.visibility() != null) {
            query.append("&visibility=").append(encode(m.visibility()));
        }
        if (!m.tags().isEmpty()) {
            query.append("&tags=").append(encode(String.join(",", m.tags())));
        }
        return send(HttpRequest.newBuilder(uri("/v1/images" + query)).header("Content-Type", contentType).expectContinue(true)
                .POST(streamed(body, size)));
    }

    JsonNode startUpload(String filename, String contentType, long size, Metadata m) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("filename", filename).put("contentType", contentType).put("size", size);
        if (m.title() != null) {
            body.put("title", m.title());
        }
        if (m.description() != null) {
            body.put("description", m.description());
        }
        if (!m.tags().isEmpty()) {
            m.tags().forEach(body.putArray("tags")::add);
        }
        if (m.visibility() != null) {
            body.put("visibility", m.visibility());
        }
        return send(json(HttpRequest.newBuilder(uri("/v1/uploads")), body));
    }

    JsonNode describe(String uploadId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/v1/uploads/" + uploadId)).GET());
    }

    JsonNode putPart(String uploadId, int number, long length, String contentMd5, Supplier<InputStream> body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/v1/uploads/" + uploadId + "/parts/" + number))
                .header("Content-Type", "application/octet-stream").header("Content-MD5", contentMd5)
                .timeout(Duration.ofMinutes(10)).expectContinue(true)
                .PUT(streamed(body, length)));
    }

    /** {@code DELETE /v1/uploads/{id}}: the upload and the parts it holds. */
    void abort(String uploadId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/v1/uploads/" + uploadId)).DELETE());
    }

    /**
     * A presigned PUT of one part straight to the bucket: {@code {method, url, headers, expiresAt}}, for
     * exactly {@code length} bytes with this SHA-256 (base64).
     */
    JsonNode presignPart(String uploadId, int number, long length, String sha256) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("size", length).put("sha256", sha256);
        return send(json(HttpRequest.newBuilder(uri("/v1/uploads/" + uploadId + "/parts/" + number + "/presign")), body));
    }

    /**
     * Sends a part as {@link #presignPart presigned}: to the bucket, with exactly the signed headers and
     * no API key (the URL carries the authority), with its Content-Length. Answers the part's etag, from
     * the bucket's ETag header. A refusal (an expired URL, a checksum the bytes do not match) is an
     * IOException naming the bucket's error code: sign again and resend.
     */
    String putDirect(JsonNode signed, long length, Supplier<InputStream> body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signed.get("url").asText()))
                .timeout(Duration.ofMinutes(10))
                .method(signed.path("method").asText("PUT"),
                        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length));
        signed.path("headers").properties().forEach(h -> {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!name.equals("host") && !name.equals("content-length")) { // set by the client from the URL and the body
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            URI bucket = URI.create(signed.get("url").asText());
            throw new Failures.BucketUnreachable(bucket.getScheme() + "://" + bucket.getRawAuthority(), e);
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("the bucket refused the part: " + r.statusCode() + " " + xml(r.body(), "Code") + ": "
                    + xml(r.body(), "Message"));
        }
        return r.headers().firstValue("ETag").map(e -> e.replace("\"", ""))
                .orElseThrow(() -> new IOException("the bucket answered no ETag for the part"));
    }

    JsonNode complete(String uploadId, List<String> etags) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        var parts = body.putArray("parts");
        for (int i = 0; i < etags.size(); i++) {
            parts.addObject().put("partNumber", i + 1).put("etag", etags.get(i));
        }
        // Assembling gigabytes and checking the image takes a while on the server.
        return send(json(HttpRequest.newBuilder(uri("/v1/uploads/" + uploadId + "/complete")), body).timeout(Duration.ofMinutes(30)));
    }

    JsonNode image(String id) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/v1/images/" + id)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
            JsonNode body = parse(r.body());
            Optional<Duration> wait = r.statusCode() == 429 ? retryAfter(r) : Optional.empty();
            if (wait.isPresent() && attempt < RATE_LIMITED_ATTEMPTS && wait.get().compareTo(LONGEST_WAIT) <= 0) {
                // A body is sent again from a new stream of its supplier (the file, opened anew).
                log.printf("%s: %s; waiting %d s%n", built.uri().getPath(), body.has("detail") ? text(body, "detail")
                        : "rate limited", wait.get().toSeconds());
                Thread.sleep(wait.get());
                continue;
            }
            if (r.statusCode() >= 400) {
                throw new ApiException(r.statusCode(), text(body, "type"), body.has("detail") ? text(body, "detail") : r.body());
            }
            return body;
        }
    }

    /** The wait a 429 names in seconds ({@code Retry-After}), at least one second. */
    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        try {
            return r.headers().firstValue("Retry-After").map(String::strip).map(Long::parseLong)
                    .map(seconds -> Duration.ofSeconds(Math.max(1, seconds)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date, which Pixflow does not send: reported, not guessed at
        }
    }

    /** {@code length} bytes from {@code body}; none sent for an empty file, which the server refuses by name. */
    private static HttpRequest.BodyPublisher streamed(Supplier<InputStream> body, long length) {
        return length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, JsonNode body) {
        return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("detail", body);
        }
    }

    /** One element of an S3 error document, without an XML parser: {@code <Code>AccessDenied</Code>}. */
    private static String xml(String body, String element) {
        int start = body == null ? -1 : body.indexOf("<" + element + ">");
        int end = start < 0 ? -1 : body.indexOf("</" + element + ">", start);
        return end < 0 ? "" : body.substring(start + element.length() + 2, end);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
