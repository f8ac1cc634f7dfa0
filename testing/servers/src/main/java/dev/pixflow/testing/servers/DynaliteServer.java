package dev.pixflow.testing.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DynamoDB-compatible server for tests: dynalite (npm, Apache-2.0) on Node.js, tables in memory, on a
 * free loopback port. DynamoDB Local is not used: its licence is the vendor's own terms. dynalite is
 * installed once per version into a cache directory ({@code ~/.cache/pixflow}) with {@code npm ci}, pinned
 * by the package-lock.json beside this class's resources, as the other npm tools of the tests are.
 *
 * <p>dynalite speaks every single-item call (conditional Put, Update and Delete with expressions), Query
 * and Scan, and global secondary indexes kept in step with each write; it has no transactions
 * (TransactWriteItems, TransactGetItems) and no streams.
 */
public final class DynaliteServer implements AutoCloseable {
    private static final String RESOURCES = "/dynalite/";
    private static final Pattern LISTENING = Pattern.compile("Dynalite listening at: http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;

    private DynaliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Installs dynalite if this version is not in the cache yet, then starts it on a free port. Needs
     * Node.js and npm. dynalite takes {@code --port 0} for its default port (4567), so the port is chosen
     * here; one taken by another process between the choice and the start is tried again with another.
     */
    public static DynaliteServer start() {
        try {
            Path home = installed();
            for (int attempt = 1; ; attempt++) {
                int chosen = freePort();
                Process p = new ProcessBuilder("node", home.resolve("node_modules/dynalite/cli.js").toString(),
                        "--host", "127.0.0.1", "--port", Integer.toString(chosen), "--createTableMs", "0",
                        "--deleteTableMs", "0", "--updateTableMs", "0").redirectErrorStream(true).start();
                CompletableFuture<Integer> port = new CompletableFuture<>();
                Thread.ofPlatform().daemon().name("dynalite-output").start(() -> readOutput(p.getInputStream(), port));
                try {
                    int listening = port.get(30, TimeUnit.SECONDS);
                    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
                    return new DynaliteServer(p, listening);
                } catch (Exception e) {
                    p.destroyForcibly();
                    if (attempt < 5 && String.valueOf(e.getMessage()).contains("EADDRINUSE")) {
                        continue;
                    }
                    throw new IllegalStateException("dynalite did not start", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port from the line dynalite prints once it listens; the rest of its output is drained. */
    private static void readOutput(InputStream out, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            StringBuilder early = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                } else if (!port.isDone()) {
                    early.append(line).append('\n');
                }
            }
            port.completeExceptionally(new IllegalStateException("dynalite exited:\n" + early));
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
    }

    /**
     * The cache directory of this package-lock: installed by {@code npm ci} into a fresh directory that is
     * then moved into place, under a file lock, so test JVMs starting together install it once.
     */
    private static Path installed() throws IOException {
        byte[] packageJson = resource("package.json");
        byte[] lock = resource("package-lock.json");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "pixflow");
        Path home = cache.resolve("dynalite-" + sha256(lock).substring(0, 16));
        if (Files.isRegularFile(home.resolve("node_modules/dynalite/cli.js"))) {
            return home;
        }
        Files.createDirectories(cache);
        try (FileChannel lockFile = FileChannel.open(cache.resolve("dynalite.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(home.resolve("node_modules/dynalite/cli.js"))) {
                return home;
            }
            Path work = Files.createTempDirectory(cache, "dynalite-install-");
            Files.write(work.resolve("package.json"), packageJson);
            Files.write(work.resolve("package-lock.json"), lock);
            npm(work, List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"));
            if (Files.exists(home)) {
                try (var old = Files.walk(home)) {
                    old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            Files.move(work, home, StandardCopyOption.ATOMIC_MOVE);
            return home;
        }
    }

    private static void npm(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ":\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing dynalite", e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DynaliteServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
