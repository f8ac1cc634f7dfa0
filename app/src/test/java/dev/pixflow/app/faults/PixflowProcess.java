package dev.pixflow.app.faults;

import dev.pixflow.app.support.Http;
import dev.pixflow.testing.servers.JarProcess;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real server as a user runs it: the packaged jar in its own JVM, on a data directory that
 * survives it, so a test can kill it with SIGKILL and start it again on the same data.
 */
public final class PixflowProcess implements AutoCloseable {
    public static final Duration START_WITHIN = Duration.ofMinutes(3);
    private final Path dataDir;
    private final List<String> extraArgs;
    private final int port;
    /** The jar's command on this port and data, made at the first start. */
    private JarProcess process;
    private int starts;
    private Path log;

    public PixflowProcess(Path dataDir, String... extraArgs) throws IOException {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /**
     * The packaged jar as `./pixflow run` and the container start it: extracted (the application's jar
     * beside its lib/), once per build of the jar, for the start-up cache below.
     */
    public static synchronized Path jar() {
        String jar = System.getProperty("pixflow.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("run through Maven's failsafe, which packages the jar and names it in -Dpixflow.jar");
        }
        Path packaged = Path.of(jar).toAbsolutePath();
        Path directory = packaged.resolveSibling(packaged.getFileName() + "-extracted");
        Path extracted = directory.resolve(packaged.getFileName());
        try {
            if (!Files.isRegularFile(extracted)
                    || Files.getLastModifiedTime(extracted).compareTo(Files.getLastModifiedTime(packaged)) < 0) {
                extract(packaged, directory);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not extract " + packaged, e);
        }
        return extracted;
    }

    /**
     * The JVM's start-up cache for {@link #jar()}, made by the server's own training run (ARCHITECTURE.md,
     * Start-up) once per build, beside the extracted jar, and checked as `./pixflow` checks it: every
     * process these tests start is then started as a user's is. A process starts from it in about half the
     * time (`./pixflow bench worker`, table "Start-up"), and the cluster tests start many at once on two
     * cores. The workload runs 5 s rather than `./pixflow`'s 20: enough to load every class a test's
     * server does. A training that fails fails every test that asks for it (it is the product's own
     * training that failed), once: it is not tried again in this JVM.
     */
    public static synchronized Path startupCache() {
        if (trainingFailed != null) {
            throw trainingFailed;
        }
        Path extracted = jar();
        Path cache = extracted.resolveSibling("pixflow.aot");
        try {
            if (!Files.isRegularFile(cache) || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(extracted)) < 0) {
                train(extracted, cache);
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            trainingFailed = e instanceof IllegalStateException failed ? failed
                    : new IllegalStateException("could not train the start-up cache of " + extracted, e);
            throw trainingFailed;
        }
        return cache;
    }

    private static IllegalStateException trainingFailed;

    private static void train(Path extracted, Path cache) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(extracted.getParent(), "training-");
        Path output = work.resolve("training.aot");
        Path log = work.resolve("training.log");
        // As `./pixflow` trains: a clean environment (no settings of the caller's, two malloc arenas), the
        // work directory as the working directory.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:AOTCacheOutput=" + output, "-jar", extracted.toString(),
                "train", "--seconds=5").directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        String vips = env.get("PIXFLOW_VIPS_LIBRARY");
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        env.put("LC_ALL", "C.UTF-8");
        env.put("MALLOC_ARENA_MAX", "2");
        if (vips != null) {
            env.put("PIXFLOW_VIPS_LIBRARY", vips);
        }
        Process training = builder.start();
        if (!training.waitFor(5, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.isRegularFile(output)) {
            training.destroyForcibly();
            throw new IllegalStateException("the start-up cache's training failed:\n" + Files.readString(log));
        }
        // A JVM that cannot use the cache would start without it, silently: one that must use it, once.
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:AOTMode=on", "-XX:AOTCache=" + output, "-cp", extracted.toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!check.waitFor(1, TimeUnit.MINUTES) || check.exitValue() != 0) {
            check.destroyForcibly();
            throw new IllegalStateException("the trained start-up cache cannot be used:\n" + Files.readString(log));
        }
        Files.move(output, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FileSystemUtils.deleteRecursively(work);
    }

    private static void extract(Path packaged, Path directory) throws IOException, InterruptedException {
        // The lib/ of an earlier build would keep jars this one no longer has.
        FileSystemUtils.deleteRecursively(directory);
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", packaged.toString(), "extract", "--destination", directory.toString())
                .redirectErrorStream(true).start();
        String out = new String(extract.getInputStream().readAllBytes());
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            throw new IllegalStateException("extracting " + packaged + " failed: " + out);
        }
    }

    /**
     * Starts the jar and waits until it is ready. Alone a start takes seconds; a test that starts four at
     * once on two cores, beside its S3, SQS and PostgreSQL servers, has seen it take over a minute, so the
     * bound only catches a server that never comes up.
     */
    public PixflowProcess start() throws IOException {
        JarProcess node = launch();
        Path logFile = log;
        Http http = http();
        await().atMost(START_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!node.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + logFile + ":\n" + Files.readString(logFile));
            }
            try {
                return http.get("/actuator/health/readiness").statusCode() == 200;
            } catch (RuntimeException notListening) {
                return false;
            }
        });
        return this;
    }

    /**
     * Starts the server expecting it to refuse to start: its exit status once it has exited (a server
     * that starts after all is killed, and the test sees its 0).
     */
    public int startExpectingExit(Duration within) throws IOException, InterruptedException {
        OptionalInt status = launch().waitFor(within);
        if (status.isEmpty()) {
            kill();
            return 0;
        }
        return status.getAsInt();
    }

    /** A new process of the jar on this server's port and data, its output in a log of its own. */
    private JarProcess launch() throws IOException {
        if (process == null) {
            List<String> args = new ArrayList<>(List.of("--pixflow.data-dir=" + dataDir));
            args.addAll(extraArgs);
            process = new JarProcess(jar(), port, List.of("-Xmx512m", "-XX:AOTCache=" + startupCache()), args, Map.of(), false);
        }
        starts++;
        log = dataDir.resolveSibling(dataDir.getFileName() + "-server-" + starts + ".log");
        Files.deleteIfExists(log);
        return process.start(log);
    }

    /** What the server printed in its latest run. */
    public String log() throws IOException {
        return log == null ? "" : Files.readString(log);
    }

    /** The last lines the server printed in its latest run. */
    public String tail(int lines) {
        return process == null ? "" : process.tail(lines);
    }

    /** SIGTERM, as a container runtime stops a process: its exit status once it has shut down. */
    public int terminate() throws InterruptedException {
        process.signalTerminate();
        return process.waitFor(Duration.ofSeconds(60)).orElseThrow(
                () -> new IllegalStateException("the server did not exit within 60 s of SIGTERM"));
    }

    /** {@code pixflow keys ARGS} on this server's data directory: what it printed on standard output. */
    public String keys(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=" + startupCache(), "-jar", jar().toString(), "keys"));
        cmd.addAll(List.of(args));
        cmd.add("--pixflow.data-dir=" + dataDir);
        Process keys = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(keys.getInputStream().readAllBytes());
        if (!keys.waitFor(60, TimeUnit.SECONDS) || keys.exitValue() != 0) {
            throw new IllegalStateException("pixflow keys " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    public Http http() {
        return new Http(port);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.terminate(Duration.ofSeconds(30));
        }
    }
}
