package dev.pixflow.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real server, started from its jar with the given JVM options, on a free port. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String base;
    private final Path log;

    private ServerProcess(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static ServerProcess start(Path jar, Path work, List<String> jvmOptions, String... appArgs) throws Exception {
        return start(jarArguments(jar), work, jvmOptions, appArgs);
    }

    /** The server started with {@code launch} after its JVM options: {@code -jar FILE}, with or without a cache. */
    static ServerProcess start(List<String> launch, Path work, List<String> jvmOptions, String... appArgs) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--pixflow.data-dir=" + work.resolve("data")));
        command.addAll(List.of(appArgs));
        Path log = work.resolve("server.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, "http://127.0.0.1:" + port, log);
        server.awaitHealthy();
        return server;
    }

    /**
     * What follows the JVM options to start the server: as `./pixflow run` starts it, from the JVM's
     * start-up cache trained for this build and its extracted jar, which `./pixflow bench` names in
     * the environment; else the jar itself.
     */
    static List<String> jarArguments(Path jar) {
        String cache = System.getenv().getOrDefault("PIXFLOW_BENCH_AOT_CACHE", "");
        String extracted = System.getenv().getOrDefault("PIXFLOW_BENCH_SERVER_JAR", "");
        if (cache.isEmpty() || extracted.isEmpty()) {
            return List.of("-jar", jar.toString());
        }
        return List.of("-XX:AOTCache=" + cache, "-jar", extracted);
    }

    /** How the server was started, for the reports. */
    static String howStarted() {
        return jarArguments(Path.of("pixflow.jar")).size() == 2 ? "`java -jar pixflow.jar`"
                : "`java -XX:AOTCache=... -jar pixflow.jar`, as `./pixflow run` starts it (with the JVM's start-up cache)";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see " + log);
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
        throw new IllegalStateException("the server did not become healthy in 90 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
