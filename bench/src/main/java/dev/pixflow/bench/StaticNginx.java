package dev.pixflow.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's package) serving files from a directory the way a static origin does: sendfile,
 * no access log, one worker per core, keep-alive. Its config is generated into a temporary prefix
 * and it runs as a child process on a free loopback port.
 */
final class StaticNginx implements AutoCloseable {
    private final Process process;
    private final int port;

    private StaticNginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static StaticNginx start(Path dir, Path www) throws Exception {
        int port = ServerProcess.freePort();
        for (String sub : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"}) {
            Path p = Files.createDirectories(dir.resolve(sub));
            // Workers run as an unprivileged user when nginx is started as root.
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes auto;
                error_log %1$s/logs/error.log;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 100000;
                    types { image/jpeg jpg; image/webp webp; }
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        etag on;
                        add_header Cache-Control "public, max-age=31536000, immutable";
                    }
                }
                """.formatted(dir.toAbsolutePath(), port, www.toAbsolutePath()));
        Process p = new ProcessBuilder("nginx", "-p", dir.toAbsolutePath().toString(), "-c",
                dir.resolve("nginx.conf").toAbsolutePath().toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + dir.resolve("logs"));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new StaticNginx(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen in 20 s");
    }

    String url(String file) {
        return "http://127.0.0.1:" + port + "/" + file;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
