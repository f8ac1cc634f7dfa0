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
 * What the CLI remembers of an unfinished multipart upload, one small JSON file per (server, file).
 * The state says what the upload was started with (the file's size and modification time, its type
 * and the image's metadata), so that a run with a changed file or other options is told apart from
 * the same command run again ({@link State#resumes}). Written before the first part is sent and by an
 * atomic rename, so a process killed at any moment leaves either no state or a whole one.
 */
final class ResumeStates {
    /** @param metadata what the image was to be given */
    record State(String server, String path, long size, long modifiedMillis, String uploadId, long partSize,
                 String contentType, PixflowApi.Metadata metadata) {

        /** Whether the file is as it was when this upload began. */
        boolean sameFile(long size, long modifiedMillis) {
            return this.size == size && this.modifiedMillis == modifiedMillis;
        }

        /** Whether running the upload of this file, as it is now, with these options, carries this one on. */
        boolean resumes(long size, long modifiedMillis, String contentType, PixflowApi.Metadata metadata) {
            return sameFile(size, modifiedMillis) && contentType.equals(this.contentType) && metadata.equals(this.metadata);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    ResumeStates(Path dir) {
        this.dir = dir;
    }

    Path directory() {
        return dir;
    }

    static Path defaultDirectory() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("pixflow").resolve("uploads");
    }

    Optional<State> load(String server, Path file) throws IOException {
        Path f = fileFor(server, file);
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
        Path target = fileFor(state.server(), file);
        Path temp = Files.createTempFile(dir, "state-", ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(state));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(String server, Path file) throws IOException {
        Files.deleteIfExists(fileFor(server, file));
    }

    private Path fileFor(String server, Path file) {
        String identity = server + "\n" + file.toAbsolutePath().normalize();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
