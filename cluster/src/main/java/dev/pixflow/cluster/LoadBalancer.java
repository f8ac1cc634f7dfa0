package dev.pixflow.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * nginx in front of the processes, routing by path as the Kubernetes Ingress does ({@code /v1/uploads}
 * to the multipart role, {@code /i/} and {@code /t/} to delivery, the rest to upload), round-robin
 * across the processes of a role. Bodies stream through in both directions (nothing is spooled by
 * nginx, so nginx needs no disk for them), and nginx imposes no size limit: Pixflow answers 413 itself.
 * Everything nginx writes is under its prefix directory; no root needed.
 */
final class LoadBalancer implements AutoCloseable {
    private final Process process;
    private final int port;

    private LoadBalancer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The configuration. A process that cannot be reached (refused, reset, no answer within the connect
     * timeout) is passed over for the next one of its role, and left out for a few seconds: a request
     * not yet sent goes there instead, whatever its method. Once a request was sent, only an idempotent
     * one (a part's PUT, a GET) may be sent again, and with unbuffered bodies nginx can resend only what
     * it has not begun to stream; POSTs are never resent (nginx's rule), so a complete or an upload is
     * never run twice by the balancer.
     *
     * @param upstreams the ports of each role's processes
     */
    static String config(int port, Map<String, List<Integer>> upstreams) {
        // A zone shares each pool's state among nginx's workers: one round-robin, one view of which process is down.
        String pools = Stream.of("upload", "multipart", "delivery").map(role -> "    upstream " + role + " {\n"
                + "        zone " + role + " 64k;\n"
                + upstreams.getOrDefault(role, List.of()).stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;\n").collect(Collectors.joining())
                + "        keepalive 16;\n    }\n").collect(Collectors.joining());
        return """
                # Written by ./pixflow cluster at each start (edits are lost): the Ingress's routes, on this machine.
                worker_processes auto;
                pid logs/nginx.pid;
                error_log stderr notice;
                events { worker_connections 1024; }
                http {
                    log_format pixflow '$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time '
                                       'upstream=$upstream_addr $upstream_status';
                    access_log logs/access.log pixflow;
                    # The compiled-in temporary directories are the system's; nothing is buffered to them anyway.
                    client_body_temp_path tmp/client_body;
                    proxy_temp_path       tmp/proxy;
                    fastcgi_temp_path     tmp/fastcgi;
                    uwsgi_temp_path       tmp/uwsgi;
                    scgi_temp_path        tmp/scgi;

                %s
                    server {
                        listen 127.0.0.1:%d;
                        # Pixflow enforces its own limits, as problem+json.
                        client_max_body_size 0;
                        # Bodies stream to the process and back, never spooled here.
                        proxy_request_buffering off;
                        proxy_buffering off;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        # The client's host, so the URLs in API answers point at the balancer.
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_next_upstream error timeout;
                        proxy_connect_timeout 2s;
                        proxy_send_timeout 300s;
                        proxy_read_timeout 300s;

                        # What nginx answers itself (no process of the role reached, or none answered in time) is
                        # a problem document, as every refusal of Pixflow's is; a process's own 502s pass as they are.
                        error_page 502 @unreachable;
                        error_page 504 @timed_out;
                        location @unreachable {
                            # No type by the URI's extension (a /t/....jpg would say image/jpeg).
                            types { }
                            default_type application/problem+json;
                            add_header Cache-Control no-store always;
                            add_header Retry-After 5 always;
                            return 502 '{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"no process of this role could be reached (stopped, killed or starting): retry in a few seconds"}\n';
                        }
                        location @timed_out {
                            # No type by the URI's extension (a /t/....jpg would say image/jpeg).
                            types { }
                            default_type application/problem+json;
                            add_header Cache-Control no-store always;
                            return 504 '{"type":"about:blank","title":"Gateway Timeout","status":504,"detail":"the process did not answer in time"}\n';
                        }

                        location /v1/uploads { proxy_pass http://multipart; }
                        location /i/ { proxy_pass http://delivery; }
                        location /t/ { proxy_pass http://delivery; }
                        # The rest of the API, the web UI, /actuator/health.
                        location / { proxy_pass http://upload; }
                    }
                }
                """.formatted(pools.stripTrailing(), port);
    }

    /** nginx: the given binary, or the first on the PATH, or where Debian puts it. */
    static Optional<Path> find(Optional<Path> given) {
        if (given.isPresent()) {
            return given.filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "nginx"));
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        candidates.add(Path.of("/usr/local/sbin/nginx"));
        candidates.add(Path.of("/usr/local/nginx/sbin/nginx"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Writes the configuration under {@code prefix}, checks it with {@code nginx -t}, starts nginx and waits for its port. */
    static LoadBalancer start(Path nginx, Path prefix, int port, Map<String, List<Integer>> upstreams, Path log)
            throws IOException, InterruptedException {
        prefix = prefix.toAbsolutePath(); // nginx starts in it: a relative one would then lead elsewhere
        for (String dir : List.of("logs", "tmp")) {
            Files.createDirectories(prefix.resolve(dir));
        }
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(port, upstreams));
        List<String> base = List.of(nginx.toString(), "-e", "stderr", "-p", prefix + "/", "-c", conf.toString());
        List<String> test = new ArrayList<>(base);
        test.addAll(List.of("-t", "-q"));
        Process check = new ProcessBuilder(test).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes());
        if (check.waitFor() != 0) {
            throw new IOException("nginx refused its configuration " + conf + ":\n" + checked);
        }
        List<String> run = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            run.add("/usr/bin/setsid");     // Ctrl-C reaches the launcher only, which stops nginx in order
        }
        run.addAll(base);
        run.addAll(List.of("-g", "daemon off;"));
        Files.createDirectories(log.getParent());
        ProcessBuilder starting = new ProcessBuilder(run).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // nginx's workers name nothing of ours in their titles (and write them over their environment);
        // they inherit this working directory, which finds them later.
        starting.directory(prefix.toFile());
        Process process = starting.start();
        LoadBalancer lb = new LoadBalancer(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lb.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                lb.close();
                throw new IOException("nginx did not start on port " + port + "; see " + log);
            }
            Thread.sleep(50);
        }
        return lb;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (nginx's fast shutdown), then SIGKILL of nginx and its workers if it lingers. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
            process.waitFor();
        }
    }
}
