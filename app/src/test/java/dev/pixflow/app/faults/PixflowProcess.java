package dev.pixflow.app.faults;

import dev.pixflow.app.support.Http;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real server as a user runs it: the packaged jar in its own JVM, on a data directory that
 * survives it, so a test can kill it with SIGKILL and start it again on the same data.
 */
public final class PixflowProcess implements AutoCloseable {
    private final Path dataDir;
    private final List<String> extraArgs;
    private final int port;
    private Process process;
    private int starts;

    public PixflowProcess(Path dataDir, String... extraArgs) throws IOException {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public static Path jar() {
        String jar = System.getProperty("pixflow.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("run through Maven's failsafe, which packages the jar and names it in -Dpixflow.jar");
        }
        return Path.of(jar);
    }

    public PixflowProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar().toString(),
                "--server.port=" + port, "--pixflow.data-dir=" + dataDir));
        cmd.addAll(extraArgs);
        starts++;
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server-" + starts + ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Http http = http();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log + ":\n" + Files.readString(log));
            }
            try {
                return http.get("/actuator/health/readiness").statusCode() == 200;
            } catch (RuntimeException notListening) {
                return false;
            }
        });
        return this;
    }

    public Http http() {
        return new Http(port);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
