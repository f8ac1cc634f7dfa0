package dev.pixflow.app.aot;

import dev.pixflow.app.PixflowApplication;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pixflow.jar train} as `./pixflow` runs it: the whole server on its own loopback port and data
 * directory, whatever the caller passes for those, a workload without a failed request, and nothing
 * left behind.
 */
class TrainingCommandTest {

    @Test
    void trainsOnItsOwnPortAndDataWhateverTheCallerSaysAndCleansUp() throws IOException {
        Path here = Path.of("").toAbsolutePath();

        // A port no server may bind and a data directory no one can make: were they used, the start would fail.
        int status = TrainingCommand.run(PixflowApplication.class, new String[]{"--seconds=0", "--server.port=1",
                "--pixflow.data-dir=/proc/no-such-dir", "--logging.level.root=WARN"});

        assertThat(status).isZero();
        try (Stream<Path> left = Files.list(here)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("training-data-"));
        }
    }
}
