package dev.pixflow.app.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Response bodies to files, so the engine's test reader can say what they hold. */
public final class Outputs {
    private Outputs() {
    }

    public static Path save(Path dir, byte[] body) throws IOException {
        return Files.write(Files.createTempFile(dir, "response-", ".bin"), body);
    }
}
