package dev.pixflow.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the real server from its jar and times uploads from their last byte to 201 and to ready. */
final class UploadToReady {
    record Result(long bytes, int runs, Stats toCreated, Stats toReady) {
    }

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private final Path jar;
    private final Path work;
    private final HttpClient http = HttpClient.newHttpClient();

    UploadToReady(Path jar, Path work) {
        this.jar = jar;
        this.work = work;
    }

    Result measure(Path file, int runs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://localhost:" + port;
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "--server.port=" + port, "--pixflow.data-dir=" + work.resolve("data"))
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        try {
            awaitHealthy(base, server);
            upload(base, file); // warm-up: JIT, first render
            double[] created = new double[runs];
            double[] ready = new double[runs];
            for (int i = 0; i < runs; i++) {
                long[] lastByte = {0};
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/images"))
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stampedAtEnd(file, lastByte))).build(),
                        HttpResponse.BodyHandlers.ofString());
                long createdAt = System.nanoTime();
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("upload failed: " + response.body());
                }
                String id = first(ID, response.body());
                while (!"ready".equals(status(base, id))) {
                    Thread.sleep(5);
                }
                long readyAt = System.nanoTime();
                created[i] = (createdAt - lastByte[0]) / 1e6;
                ready[i] = (readyAt - lastByte[0]) / 1e6;
            }
            return new Result(Files.size(file), runs, Stats.of(created), Stats.of(ready));
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static InputStream stampedAtEnd(Path file, long[] lastByte) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n == -1 && lastByte[0] == 0) {
                        lastByte[0] = System.nanoTime();
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void upload(String base, Path file) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/images"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = first(ID, r.body());
        while (!"ready".equals(status(base, id))) {
            Thread.sleep(5);
        }
    }

    private String status(String base, String id) throws Exception {
        return first(STATUS, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/images/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private void awaitHealthy(String base, Process server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + work.resolve("server.log"));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not become healthy in 60 s");
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected response: " + text);
        }
        return m.group(1);
    }
}
