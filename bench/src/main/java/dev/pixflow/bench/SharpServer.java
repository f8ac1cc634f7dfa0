package dev.pixflow.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** bench/node/sharp-server.mjs: a minimal Node http server doing the on-the-fly render with sharp. */
final class SharpServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private SharpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SharpServer start(Path root, Path source, Path log) throws Exception {
        int port = ServerProcess.freePort();
        Process p = new ProcessBuilder("node", "sharp-server.mjs", Integer.toString(port), source.toAbsolutePath().toString())
                .directory(root.resolve("bench/node").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the sharp server exited; see " + log);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new SharpServer(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the sharp server did not listen in 30 s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/w512.webp";
    }

    static String version(Path root) {
        try {
            Process p = new ProcessBuilder("node", "-e", "import('sharp').then(s => console.log(s.default.versions.sharp + ' (libvips ' + s.default.versions.vips + '), node ' + process.versions.node))")
                    .directory(root.resolve("bench/node").toFile()).redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v;
        } catch (Exception e) {
            return "sharp";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
