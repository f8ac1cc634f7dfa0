package dev.pixflow.app.delivery.listener;

import dev.pixflow.app.PixflowApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A listener port that cannot be listened on stops the start with the setting named, and leaves no
 * thread behind: its event loops would otherwise keep a process that failed to start alive, serving nothing.
 */
class ListenerPortInUseTest {

    @Test
    void aPortInUseFailsTheStartAndLeavesNoListenerThread(@TempDir Path data) throws Exception {
        // Other tests' servers in this JVM may have listeners of their own.
        java.util.Set<Thread> before = listenerThreads();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(PixflowApplication.class).run("--server.port=0",
                    "--pixflow.data-dir=" + data, "--pixflow.worker.enabled=false",
                    "--pixflow.delivery.listener-port=" + busy.getLocalPort()))
                    .hasStackTraceContaining("pixflow.delivery.listener-port " + busy.getLocalPort());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> before.containsAll(listenerThreads()));
        assertThat(listenerThreads()).isSubsetOf(before);
    }

    private static java.util.Set<Thread> listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("pixflow-delivery-listener"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
