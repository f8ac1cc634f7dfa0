package dev.pixflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the CLI remembers of an unfinished multipart upload, one small JSON file per (server, file,
 * size, modification time): a changed file never resumes an upload of its old bytes. Written before
 * the first part is sent and by an atomic rename, so a process killed at any moment leaves either no
 * state or a whole one.
 */
final class ResumeStates {
    record State(String server, String path, long size, long modifiedMillis, String uploadId, long partSize) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    ResumeStates(Path dir) {
        this.dir = dir;
    }

    static Path defaultDirectory() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("pixflow").resolve("uploads");
    }

    Optional<State> load(String server, Path file, long size, long modifiedMillis) throws IOException {
        Path f = fileFor(server, file, size, modifiedMillis);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), State.class));
        } catch (IOException unreadable) {
            Files.deleteIfExists(f);
            return Optional.empty();
        }
    }

    void save(State state, Path file) throws IOException {
        Files.createDirectories(dir);
        Path target = fileFor(state.server(), file, state.size(), state.modifiedMillis());
        Path temp = Files.createTempFile(dir, "state-", ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(state));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(String server, Path file, long size, long modifiedMillis) throws IOException {
        Files.deleteIfExists(fileFor(server, file, size, modifiedMillis));
    }

    private Path fileFor(String server, Path file, long size, long modifiedMillis) {
        String identity = server + "\n" + file.toAbsolutePath().normalize() + "\n" + size + "\n" + modifiedMillis;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
