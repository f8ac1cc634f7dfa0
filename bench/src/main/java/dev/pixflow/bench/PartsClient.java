package dev.pixflow.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare multipart client for timing the server: parts straight from the file in parallel (no
 * checksums, as curl -T sends none), then complete; each phase timed on its own.
 */
final class PartsClient {
    record Timing(long bytes, int parts, double partsSeconds, double completeSeconds, String imageId) {
    }

    private static final Pattern UPLOAD_ID = Pattern.compile("\"uploadId\":\"([0-9a-f-]{36})\"");
    private static final Pattern PART_SIZE = Pattern.compile("\"partSize\":(\\d+)");
    private static final Pattern ETAG = Pattern.compile("\"etag\":\"([0-9a-f]{32})\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    PartsClient(String base) {
        this.base = base;
    }

    Timing upload(Path file, String contentType, int parallel) throws Exception {
        long size = Files.size(file);
        String started = send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"" + file.getFileName() + "\",\"contentType\":\""
                        + contentType + "\",\"size\":" + size + "}")), 201);
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
                pending.add(pool.submit(() -> first(ETAG, send(HttpRequest.newBuilder(
                                URI.create(base + "/v1/uploads/" + uploadId + "/parts/" + number)).timeout(Duration.ofMinutes(5))
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> range(file, offset, length)), length)), 200))));
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
