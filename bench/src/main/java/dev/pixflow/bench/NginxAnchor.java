package dev.pixflow.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's package) accepting {@code curl -T} with a WebDAV PUT location: the body is written to
 * a temporary file on disk and renamed into place, the same work a part upload does minus hashing and
 * fsync. Runs as a child process with its own prefix directory and port.
 */
final class NginxAnchor implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private NginxAnchor(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static NginxAnchor start(Path dir) throws Exception {
        int port = ServerProcess.freePort();
        for (String sub : new String[] {"www/upload", "body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"}) {
            Path p = Files.createDirectories(dir.resolve(sub));
            // Workers run as an unprivileged user when nginx is started as root.
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 2;
                error_log %1$s/logs/error.log;
                pid %1$s/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        location /upload/ {
                            root %1$s/www;
                            dav_methods PUT;
                            create_full_put_path on;
                            client_max_body_size 0;
                        }
                    }
                }
                """.formatted(dir.toAbsolutePath(), port));
        Process p = new ProcessBuilder("nginx", "-p", dir.toAbsolutePath().toString(), "-c", dir.resolve("nginx.conf").toAbsolutePath().toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + dir.resolve("logs"));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new NginxAnchor(p, port, dir);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen in 20 s");
    }

    /** {@code curl -T}: seconds for the whole PUT, as curl measures it. */
    double curlPut(Path file) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                "-T", file.toAbsolutePath().toString(), "http://127.0.0.1:" + port + "/upload/" + file.getFileName())
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes()).strip();
        curl.waitFor();
        String[] fields = out.split(" ");
        if (fields.length != 2 || !(fields[0].equals("201") || fields[0].equals("204"))) {
            throw new IllegalStateException("curl -T to nginx failed: " + out);
        }
        long stored = Files.size(dir.resolve("www/upload").resolve(file.getFileName()));
        if (stored != Files.size(file)) {
            throw new IllegalStateException("nginx stored " + stored + " bytes of " + Files.size(file));
        }
        return Double.parseDouble(fields[1]);
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v.replace("nginx version: ", "");
        } catch (Exception e) {
            return "nginx";
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
