package dev.pixflow.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL from the binaries the tests use (Maven Central), its data directory kept in the cluster's
 * data, on a fixed port. The database {@code pixflow} is made at the first start; the server migrates
 * its schema itself.
 */
final class Database implements AutoCloseable {
    static final String NAME = "pixflow";
    /** The embedded server's superuser; it trusts connections from this machine. */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dir;
    private final Optional<ProcessHandle> postmaster;

    private Database(EmbeddedPostgres postgres, Path dir) throws IOException {
        this.postgres = postgres;
        this.dir = dir;
        OptionalLong pid = postmasterPid(dir);
        this.postmaster = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
    }

    static Database start(Path dir, int port, Path log) throws IOException, SQLException {
        Files.createDirectories(log.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Every process has a pool of its own (pixflow.metadata.postgres.pool-size, 10).
                .setServerConfig("max_connections", "300")
                // The embedded server is made for tests: it starts with fsync off and commits answered
                // before they are on disk. The cluster is the production shape, whose 201 means durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Stopped by the launcher after the processes that use it, not by a hook of its own.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, NAME);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + NAME);
                    }
                }
            }
        }
        return new Database(postgres, dir);
    }

    /**
     * A postmaster that outlived a launcher killed with SIGKILL still holds the data directory and the
     * port: stopped (SIGTERM: it lets its last clients go) before this start.
     */
    static boolean stopLeftover(Path dir) throws IOException {
        OptionalLong pid = postmasterPid(dir);
        Optional<ProcessHandle> left = pid.isEmpty() ? Optional.empty()
                : ProcessHandle.of(pid.getAsLong()).filter(p -> Leftovers.ours(p, dir));
        left.ifPresent(p -> Leftovers.stop(p, Duration.ofSeconds(30)));
        return left.isPresent();
    }

    private static OptionalLong postmasterPid(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalLong.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + NAME;
    }

    /** The postmaster's pid, -1 if unknown. */
    long pid() {
        return postmaster.map(ProcessHandle::pid).orElse(-1L);
    }

    /**
     * A fast shutdown (clients cut off, a checkpoint), waited for to the end: the embedded server's own
     * stop gives up waiting after 5 s, and a postmaster still checkpointing would outlive the cluster.
     */
    @Override
    public void close() throws IOException {
        postgres.close();
        postmaster.ifPresent(p -> {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                Leftovers.stop(p, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
