package dev.pixflow.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server packaged as a jar (Pixflow's), run as a user or an orchestrator runs it: in a JVM of its own
 * on a port, its output in a log file, ready once its readiness endpoint answers 200, stopped with
 * SIGTERM (then SIGKILL after a grace) or killed with SIGKILL. Each {@link #start} is a new process with
 * the same command, so a test or a launcher can kill it and start it again on the same port and data.
 * Used by the tests' {@code PixflowProcess} and by {@code ./pixflow cluster}.
 */
public final class JarProcess {
    /** Spring Boot's readiness probe: 200 once the server takes requests. */
    public static final String READINESS = "/actuator/health/readiness";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final List<String> command;
    private final int port;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private volatile Process process;
    private volatile Path log;

    /**
     * @param jar         the jar to run with {@code java -jar}
     * @param port        the port it listens on (passed as {@code --server.port})
     * @param jvmOptions  options of the JVM, before {@code -jar}
     * @param args        the program's arguments, after {@code --server.port}
     * @param environment variables set for it beyond those it inherits
     * @param ownSession  start it in a session of its own ({@code setsid}), so that a terminal's Ctrl-C
     *                    reaches only the process that started it, which stops it in order
     */
    public JarProcess(Path jar, int port, List<String> jvmOptions, List<String> args, Map<String, String> environment,
                      boolean ownSession) {
        List<String> cmd = new ArrayList<>();
        if (ownSession && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // setsid execs the JVM in place (same pid) when, as here, the child is no process group leader.
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // As ./pixflow run starts it: no JDK warning of OpenTelemetry's Unsafe reads in every process's log.
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--server.port=" + port);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.port = port;
        this.environment = Map.copyOf(environment);
    }

    /** Starts a new process, its standard output and error appended to {@code log}; does not wait for it. */
    public JarProcess start(Path log) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as pid " + process.pid());
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        this.log = log;
        this.process = builder.start();
        return this;
    }

    /** One probe of the readiness endpoint: true on 200. */
    public boolean ready() {
        try {
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + READINESS))
                    .timeout(PROBE_TIMEOUT).GET().build();
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls the readiness endpoint until it answers 200. Fails at once, with the log, if the process
     * exits first, and after {@code timeout} if it never gets ready.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!isAlive()) {
                throw new IllegalStateException("the process exited (status " + process.exitValue() + ") before it was ready; see "
                        + log + ":\n" + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + timeout.toSeconds() + " s; see " + log + ":\n" + tail(40));
            }
            Thread.sleep(100);
        }
    }

    public int port() {
        return port;
    }

    public List<String> command() {
        return command;
    }

    /** The current process's pid; -1 before the first start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Completes when the current process exits (with that process). */
    public CompletableFuture<Process> onExit() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.onExit();
    }

    /** The log of the latest start. */
    public Path log() {
        return log;
    }

    /** The last lines of the latest log. */
    public String tail(int lines) {
        try {
            if (log == null || !Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to exit: its status, or empty if it still runs after {@code within}. */
    public OptionalInt waitFor(Duration within) throws InterruptedException {
        if (process == null) {
            return OptionalInt.empty();
        }
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** SIGTERM, without waiting: the process shuts down gracefully (see {@link #waitFor}). */
    public void signalTerminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /**
     * SIGTERM, as a container runtime stops a process; SIGKILL if it has not exited after {@code grace}.
     * Its exit status.
     */
    public int terminate(Duration grace) throws InterruptedException {
        if (process == null) {
            return 0;
        }
        signalTerminate();
        OptionalInt status = waitFor(grace);
        if (status.isPresent()) {
            return status.getAsInt();
        }
        kill();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, nothing graceful; returns once the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
