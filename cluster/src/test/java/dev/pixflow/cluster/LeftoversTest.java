package dev.pixflow.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.junit.jupiter.api.Assumptions;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a killed cluster left: nginx workers whose master was killed too (their titles name nothing of
 * the cluster, and no pid of theirs was recorded) are found by their working directory and stopped;
 * anything else working in that directory (a shell reading the logs) is left alone.
 */
class LeftoversTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
    }

    private Process workingIn(Path loadBalancer) throws Exception {
        Process p = new ProcessBuilder("sleep", "120").directory(Files.createDirectories(loadBalancer).toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void aProcessThatIsNotNginxIsLeftAloneWhereverItWorks() throws Exception {
        Layout layout = new Layout(dir.resolve("data"));
        Files.createDirectories(layout.root());
        Files.writeString(layout.state(), "{\"launcherPid\": 1, \"processes\": []}");
        Process shell = workingIn(layout.loadBalancer());

        assertThat(Leftovers.stopAll(layout)).isZero();
        assertThat(shell.isAlive()).isTrue();
    }

    @Test
    void nginxWorkersLeftByAKilledMasterAreStopped() throws Exception {
        Optional<Path> nginx = LoadBalancer.find(Optional.empty());
        Assumptions.assumeTrue(nginx.isPresent(), "nginx is not installed");
        Layout layout = new Layout(dir.resolve("data"));
        Files.createDirectories(layout.root());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process shell = workingIn(layout.loadBalancer());
        LoadBalancer lb = LoadBalancer.start(nginx.get(), layout.loadBalancer(), port,
                Map.of("upload", List.of(9), "multipart", List.of(9), "delivery", List.of(9)), layout.log("nginx"));
        ProcessHandle master = ProcessHandle.of(lb.pid()).orElseThrow();
        List<ProcessHandle> workers = master.children().toList();
        assertThat(workers).as("nginx's workers").isNotEmpty();
        Files.writeString(layout.state(), "{\"launcherPid\": 1, \"nginx\": {\"pid\": " + lb.pid() + "}}");
        master.destroyForcibly();
        master.onExit().get(30, TimeUnit.SECONDS);
        assertThat(workers).as("orphaned, still serving the port").anyMatch(ProcessHandle::isAlive);

        assertThat(Leftovers.stopAll(layout)).isGreaterThanOrEqualTo(1);

        for (ProcessHandle w : workers) {
            w.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(shell.isAlive()).as("a shell in nginx's directory is not nginx").isTrue();
    }
}
