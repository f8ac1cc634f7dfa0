package dev.pixflow.core.usecase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An upload's bytes in a local temporary file, with their size and SHA-256; deleted on close unless stored. */
public record SpooledUpload(Path file, long size, String sha256) implements AutoCloseable {
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temp file is swept at the next start; never worth failing a request for.
        }
    }
}
