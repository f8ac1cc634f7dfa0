package dev.pixflow.app.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote that an import should not trust, on a raw socket so that it can misbehave byte by byte:
 * it announces a size or a type and then sends one byte every half second, sends a huge body as fast
 * as it can, dribbles its very headers, or sends headers without end. It hangs up on its own only after {@link #HANG_UP}, as a
 * patient attacker would; each path counts the bytes it got out and whether the importer hung up first.
 */
final class HostileOrigin implements AutoCloseable {
    static final Duration HANG_UP = Duration.ofSeconds(45);
    static final long ANNOUNCED = 209_715_200;

    /** What one path saw: bytes written (headers included) and whether a write failed because the importer left. */
    static final class Seen {
        final AtomicLong bytes = new AtomicLong();
        volatile boolean importerHungUp;
    }

    private final ServerSocket server;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    HostileOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("hostile-origin").start(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    Seen seen(String path) {
        return seen.computeIfAbsent(path, p -> new Seen());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        String path = "?";
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request's headers: not needed
            }
            path = requestLine == null ? "?" : requestLine.split(" ")[1];
            Seen s = seen(path);
            OutputStream out = socket.getOutputStream();
            long until = System.nanoTime() + HANG_UP.toNanos();
            switch (path) {
                case "/huge.jpg" -> {
                    head(out, s, "image/jpeg", ANNOUNCED);
                    trickle(out, s, until);
                }
                case "/page.html" -> {
                    head(out, s, "text/html; charset=utf-8", 1_000_000);
                    trickle(out, s, until);
                }
                case "/trickle.jpg" -> {
                    head(out, s, "image/jpeg", 1_000_000);
                    trickle(out, s, until);
                }
                case "/trickle-unsized" -> {
                    // No length, no type: only the deadline can stop it.
                    write(out, s, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    trickle(out, s, until);
                }
                case "/slow-headers.jpg" -> {
                    byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Padding: %s\r\n\r\n"
                            .formatted("a".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < head.length && System.nanoTime() < until; i++) {
                        write(out, s, new byte[]{head[i]});
                        Thread.sleep(500);   // the misbehaviour under test, not a synchronisation
                    }
                }
                case "/fast-huge.jpg" -> {
                    head(out, s, "image/jpeg", ANNOUNCED);
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < ANNOUNCED; sent += chunk.length) {
                        write(out, s, chunk);
                    }
                }
                case "/endless-header-line.jpg" -> {
                    write(out, s, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Padding: ".getBytes(StandardCharsets.ISO_8859_1));
                    flood(out, s, (byte) 'a');
                }
                case "/endless-headers.jpg" -> {
                    write(out, s, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    byte[] lines = "X-Again: a\r\n".repeat(4096).getBytes(StandardCharsets.ISO_8859_1);
                    for (long sent = 0; sent < ANNOUNCED; sent += lines.length) {
                        write(out, s, lines);
                    }
                }
                default -> write(out, s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            seen(path).importerHungUp = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #ANNOUNCED} bytes of {@code b} as fast as the importer takes them. */
    private static void flood(OutputStream out, Seen s, byte b) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, b);
        for (long sent = 0; sent < ANNOUNCED; sent += chunk.length) {
            write(out, s, chunk);
        }
    }

    private static void head(OutputStream out, Seen s, String type, long length) throws IOException {
        write(out, s, ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void trickle(OutputStream out, Seen s, long until) throws IOException, InterruptedException {
        while (System.nanoTime() < until) {
            write(out, s, new byte[]{(byte) 0xff});
            Thread.sleep(500);   // the misbehaviour under test, not a synchronisation
        }
    }

    private static void write(OutputStream out, Seen s, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        s.bytes.addAndGet(bytes.length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
