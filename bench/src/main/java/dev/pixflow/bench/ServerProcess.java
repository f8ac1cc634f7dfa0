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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The real server, started from its jar with the given JVM options, on a free port. */
final class ServerProcess implements AutoCloseable {
    /**
     * What `./pixflow run`, the container image and the cluster set for every process they start: two
     * malloc arenas (ARCHITECTURE.md, Memory budget). Every process a benchmark times is started with it.
     */
    static final Map<String, String> RUN_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private final Process process;
    private final String base;
    private final Path log;

    private ServerProcess(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static ServerProcess start(Path jar, Path work, List<String> jvmOptions, String... appArgs) throws Exception {
        return start(Launch.asRunStartsIt(jar), work, jvmOptions, appArgs);
    }

    /** With {@link #RUN_ENVIRONMENT}; its log is {@code work/server.log}. */
    static ServerProcess start(Launch launch, Path work, List<String> jvmOptions, String... appArgs) throws Exception {
        int port = freePort();
        Path log = work.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command(launch, port, work, jvmOptions, List.of(appArgs)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(RUN_ENVIRONMENT);
        ServerProcess server = new ServerProcess(builder.start(), "http://127.0.0.1:" + port, log);
        try {
            server.awaitHealthy();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The command that starts the server on {@code port}, its data under {@code work}. */
    private static List<String> command(Launch launch, int port, Path work, List<String> jvmOptions, List<String> appArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(launch.arguments());
        command.addAll(List.of("--server.port=" + port, "--pixflow.data-dir=" + work.resolve("data")));
        command.addAll(appArgs);
        return command;
    }

    /** What the server is started from, after its JVM options: a jar, and the start-up cache trained for it. */
    record Launch(String jar, Optional<String> aotCache) {
        static Launch of(Path jar) {
            return new Launch(jar.toString(), Optional.empty());
        }

        /**
         * As `./pixflow run` starts it: from the extracted jar and its start-up cache, which `./pixflow
         * bench` names in the environment; else from {@code jar}.
         */
        static Launch asRunStartsIt(Path jar) {
            String cache = System.getenv().getOrDefault("PIXFLOW_BENCH_AOT_CACHE", "");
            String extracted = System.getenv().getOrDefault("PIXFLOW_BENCH_SERVER_JAR", "");
            return cache.isEmpty() || extracted.isEmpty() ? of(jar) : new Launch(extracted, Optional.of(cache));
        }

        Launch withoutCache() {
            return new Launch(jar, Optional.empty());
        }

        List<String> arguments() {
            List<String> arguments = new ArrayList<>();
            aotCache.ifPresent(cache -> arguments.add("-XX:AOTCache=" + cache));
            arguments.addAll(List.of("-jar", jar));
            return arguments;
        }

        /** For the reports. */
        String described() {
            String environment = RUN_ENVIRONMENT.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .sorted().collect(Collectors.joining(" ", "", " "));
            return aotCache.isEmpty() ? "`" + environment + "java -jar pixflow.jar`"
                    : "`" + environment + "java -XX:AOTCache=... -jar pixflow.jar`, as `./pixflow run` starts it (with the JVM's start-up cache)";
        }
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
