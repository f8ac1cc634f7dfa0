package dev.pixflow.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare multipart client for timing the server: start, parts in parallel, then complete; each phase
 * timed on its own. A part goes one of two ways: through Pixflow, straight from the file (no checksum,
 * as curl -T sends none), or straight to the bucket, as the web UI and the CLI send it when the server
 * offers it (its SHA-256, a presigned request from Pixflow, the PUT to the bucket, whose ETag complete
 * then names).
 */
final class PartsClient {
    record Timing(long bytes, int parts, double partsSeconds, double completeSeconds, String imageId) {
    }

    private static final Pattern UPLOAD_ID = Pattern.compile("\"uploadId\":\"([0-9a-f-]{36})\"");
    private static final Pattern PART_SIZE = Pattern.compile("\"partSize\":(\\d+)");
    private static final Pattern ETAG = Pattern.compile("\"etag\":\"([0-9a-f]{32})\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern DIRECT = Pattern.compile("\"direct\":(true|false)");
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");
    private static final Pattern HEADERS = Pattern.compile("\"headers\":\\{([^}]*)}");
    private static final Pattern HEADER = Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    private final boolean presigned;

    private PartsClient(String base, boolean presigned) {
        this.base = base;
        this.presigned = presigned;
    }

    /** Parts sent through Pixflow. */
    static PartsClient throughPixflow(String base) {
        return new PartsClient(base, false);
    }

    /** Parts sent straight to the bucket with presigned requests. */
    static PartsClient presigned(String base) {
        return new PartsClient(base, true);
    }

    Timing upload(Path file, String contentType, int parallel) throws Exception {
        long size = Files.size(file);
        String started = send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"" + file.getFileName() + "\",\"contentType\":\""
                        + contentType + "\",\"size\":" + size + "}")), 201);
        if (presigned && !first(DIRECT, started).equals("true")) {
            throw new IllegalStateException("the server does not offer direct uploads: " + started);
        }
        String uploadId = first(UPLOAD_ID, started);
        long partSize = Long.parseLong(first(PART_SIZE, started));
        int parts = (int) Math.ceilDiv(size, partSize);
        long t0 = System.nanoTime();
        List<String> etags = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<String>> pending = new ArrayList<>();
            for (int n = 1; n <= parts; n++) {
                long offset = (n - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                int number = n;
                pending.add(pool.submit(() -> presigned
                        ? sendToTheBucket(uploadId, number, read(file, offset, (int) length))
                        : sendThroughPixflow(uploadId, number, file, offset, length)));
            }
            for (Future<String> f : pending) {
                etags.add(f.get());
            }
        }
        long t1 = System.nanoTime();
        StringBuilder body = new StringBuilder("{\"parts\":[");
        for (int i = 0; i < etags.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"partNumber\":").append(i + 1).append(",\"etag\":\"").append(etags.get(i)).append("\"}");
        }
        String image = send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads/" + uploadId + "/complete"))
                .timeout(Duration.ofMinutes(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())), 201);
        long t2 = System.nanoTime();
        return new Timing(size, parts, (t1 - t0) / 1e9, (t2 - t1) / 1e9, first(ID, image));
    }

    /** @return the part's ETag, as Pixflow answered it */
    private String sendThroughPixflow(String uploadId, int number, Path file, long offset, long length) throws Exception {
        return first(ETAG, send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads/" + uploadId + "/parts/" + number))
                .timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> range(file, offset, length)), length)), 200));
    }

    /** @return the part's ETag, as the bucket answered it */
    private String sendToTheBucket(String uploadId, int number, byte[] part) throws Exception {
        String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(part));
        String signed = send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads/" + uploadId + "/parts/" + number + "/presign"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\":" + part.length + ",\"sha256\":\"" + sha256 + "\"}")), 200);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(first(URL, signed).replace("\\u0026", "&")))
                .timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofByteArray(part));
        Matcher headers = HEADER.matcher(first(HEADERS, signed));
        while (headers.find()) {
            if (!headers.group(1).equalsIgnoreCase("host") && !headers.group(1).equalsIgnoreCase("content-length")) {
                put.header(headers.group(1), headers.group(2));
            }
        }
        HttpResponse<String> r = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the bucket refused part " + number + ": " + r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("ETag").orElseThrow().replace("\"", "");
    }

    private static byte[] read(Path file, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("the file ended early");
                }
            }
        }
        return buffer.array();
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static InputStream range(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new FilterInputStream(Channels.newInputStream(ch)) {
                private long left = length;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected response: " + text);
        }
        return m.group(1);
    }
}
