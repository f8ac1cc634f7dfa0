package dev.pixflow.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.faults.PixflowProcess;
import dev.pixflow.app.support.Http;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * {@code ./pixflow cluster} as a test runs it: the launcher of the cluster module (built into
 * {@code cluster/target} before this module's tests) in a JVM of its own, on a temporary data directory
 * and free ports, with the packaged jar. What runs, and where, is read from the {@code cluster.json} it
 * writes; processes are killed by their pids, as an operator would.
 */
final class LaunchedCluster implements AutoCloseable {
    private static final Path LAUNCHER = Path.of("..", "cluster", "target");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One process of the cluster. */
    record Node(String name, String role, int port, long pid) {
        Http http() {
            return new Http(port);
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** SIGKILL; returns once it is gone. */
        void kill() {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
    }

    private final Process launcher;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private JsonNode state;

    private LaunchedCluster(Process launcher, Path dataDir, Path log, int port) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /** nginx where the launcher looks for it; without it the cluster cannot run. */
    static boolean nginxInstalled() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "nginx"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/sbin/nginx"))).anyMatch(Files::isExecutable);
    }

    /** Starts the launcher with these options and waits until it says the cluster is up. */
    static LaunchedCluster start(Path dataDir, String... options) throws IOException {
        if (!Files.exists(LAUNCHER.resolve("classes/dev/pixflow/cluster/ClusterLauncher.class")) || !Files.isDirectory(LAUNCHER.resolve("lib"))) {
            throw new IllegalStateException("the cluster module is not built: run the build from the project's root (mvn install)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", LAUNCHER.resolve("classes") + ":" + LAUNCHER.resolve("lib") + "/*", "dev.pixflow.cluster.ClusterLauncher",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--free-ports",
                "--jar", PixflowProcess.jar().toString(), "--aot-cache", PixflowProcess.startupCache().toString()));
        cmd.addAll(List.of(options));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-launcher.log");
        Process launcher = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LaunchedCluster cluster = new LaunchedCluster(launcher, dataDir, log, port);
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!launcher.isAlive()) {
                    throw new IllegalStateException("the launcher exited (" + launcher.exitValue() + "):\n" + Files.readString(log));
                }
                JsonNode s = cluster.readState();
                return s != null && s.path("ready").asBoolean();
            });
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.state = cluster.readState();
        return cluster;
    }

    private JsonNode readState() throws IOException {
        Path file = dataDir.resolve("cluster.json");
        return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
    }

    /** The load balancer's port: the cluster's address. */
    int port() {
        return port;
    }

    /** The load balancer, as clients reach it. */
    Http balancer() {
        return new Http(port);
    }

    List<Node> nodes(String role) {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : state.path("processes")) {
            if (n.path("role").asText().equals(role)) {
                nodes.add(new Node(n.path("name").asText(), role, n.path("port").asInt(), n.path("pid").asLong()));
            }
        }
        return nodes;
    }

    /** Every pid the cluster started: its processes, nginx, the PostgreSQL server. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        state.path("processes").forEach(n -> pids.add(n.path("pid").asLong()));
        pids.add(state.path("loadBalancer").path("pid").asLong());
        pids.add(state.path("postgres").path("postmasterPid").asLong());
        return pids;
    }

    Path dataDir() {
        return dataDir;
    }

    /** A client of the cluster's S3 server, with the key pair it printed (as aws-cli would use it). */
    S3Client s3() {
        JsonNode s3 = state.path("s3");
        return S3Client.builder().endpointOverride(URI.create(s3.path("endpoint").asText()))
                .region(Region.of(s3.path("region").asText())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.path("accessKey").asText(), s3.path("secretKey").asText())))
                .build();
    }

    String originalsBucket() {
        return state.path("s3").path("originalsBucket").asText();
    }

    String launcherLog() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM to the launcher, as Ctrl-C or a service manager stops it; its exit status once it has exited. */
    int terminate(Duration within) throws InterruptedException {
        launcher.destroy();
        if (!launcher.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the launcher did not stop within " + within.toSeconds() + " s of SIGTERM");
        }
        return launcher.exitValue();
    }

    /** Whatever a failed test left running is stopped: the launcher, then anything it started that outlived it. */
    @Override
    public void close() {
        if (launcher.isAlive()) {
            launcher.destroy();
            try {
                if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
                    launcher.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (state != null) {
            // Only a process that is still the cluster's (its command line names the data directory).
            pids().forEach(pid -> ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
