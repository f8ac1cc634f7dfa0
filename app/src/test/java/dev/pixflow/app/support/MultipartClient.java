package dev.pixflow.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The multipart API as a test drives it: raw HTTP, so every status and header is seen as a client sees it. */
public final class MultipartClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Http http;

    public MultipartClient(Http http) {
        this.http = http;
    }

    public HttpResponse<String> start(Map<String, Object> fields) {
        try {
            return http.send(http.request("/v1/uploads").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(fields))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts an upload and returns its id, failing the test unless it was created. */
    public String started(String filename, String contentType) {
        HttpResponse<String> r = start(Map.of("filename", filename, "contentType", contentType));
        if (r.statusCode() != 201) {
            throw new AssertionError("start: " + r.statusCode() + " " + r.body());
        }
        return Http.json(r).get("uploadId").asText();
    }

    public HttpResponse<String> put(String uploadId, int number, byte[] body, String... headers) {
        HttpRequest.Builder b = http.request("/v1/uploads/" + uploadId + "/parts/" + number)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    /** Sends a part and returns its etag, failing the test unless it was stored. */
    public String stored(String uploadId, int number, byte[] body) {
        HttpResponse<String> r = put(uploadId, number, body);
        if (r.statusCode() != 200) {
            throw new AssertionError("part " + number + ": " + r.statusCode() + " " + r.body());
        }
        return Http.json(r).get("etag").asText();
    }

    public HttpResponse<String> get(String uploadId) {
        return http.get("/v1/uploads/" + uploadId);
    }

    public HttpResponse<String> complete(String uploadId, List<Part> parts) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("parts");
        for (Part p : parts) {
            list.addObject().put("partNumber", p.number()).put("etag", p.etag());
        }
        return complete(uploadId, body.toString());
    }

    /** A complete with this JSON body as it is. */
    public HttpResponse<String> complete(String uploadId, String json) {
        return http.send(http.request("/v1/uploads/" + uploadId + "/complete").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> abort(String uploadId) {
        return http.send(http.request("/v1/uploads/" + uploadId).DELETE().build());
    }

    public record Part(int number, String etag) {
    }

    /** The file cut into parts of {@code size} bytes (the last shorter). */
    public static List<byte[]> split(byte[] file, int size) {
        List<byte[]> parts = new ArrayList<>();
        for (int off = 0; off < file.length; off += size) {
            parts.add(Arrays.copyOfRange(file, off, Math.min(file.length, off + size)));
        }
        return parts;
    }

    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("MD5", bytes));
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    public static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        return Http.json(r);
    }
}
