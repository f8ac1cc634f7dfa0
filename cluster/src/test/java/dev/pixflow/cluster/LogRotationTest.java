package dev.pixflow.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A process's log from a run that crashed is still there a few restarts later. */
class LogRotationTest {

    @Test
    void eachStartMovesTheLogsUpOneAndKeepsTheLastFiveRuns() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path log = logs.resolve("worker-1.log");
        for (int run = 1; run <= 8; run++) {
            Cluster.rotate(log);
            Files.writeString(log, "run " + run);
        }
        assertThat(Files.readString(log)).isEqualTo("run 8");
        for (int back = 1; back <= Cluster.LOGS_KEPT; back++) {
            assertThat(Files.readString(logs.resolve("worker-1.log." + back))).isEqualTo("run " + (8 - back));
        }
        try (var files = Files.list(logs)) {
            assertThat(files).as("no more than that").hasSize(1 + Cluster.LOGS_KEPT);
        }
    }

    @TempDir
    Path tmp;
}
