package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver of webhooks on loopback, as a customer's endpoint would be: it records every
 * request per path and answers each path from a script of status codes (200 once the script is used up),
 * or holds its answer (a receiver that hangs, or trickles its body) until {@link #close()}.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String path, String id, String timestamp, String signature, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String type() {
            return json().get("type").asText();
        }

        /** Checks the signature as a Standard Webhooks receiver does, from the secret alone. */
        boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
                return List.of(signature.split(" ")).contains(expected);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How a path holds its answer. */
    enum Hold {
        /** No answer at all. */
        SILENT,
        /** A 200 and the first byte of a body that never ends. */
        TRICKLE
    }

    private final HttpServer server;
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                var h = exchange.getRequestHeaders();
                received.add(new Received(path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                        h.getFirst("webhook-signature"), body));
                Deque<Integer> script = scripts.get(path);
                Integer status;
                synchronized (this) {
                    status = script == null ? null : script.poll();
                }
                Hold hold = holds.get(path);
                if (hold == Hold.TRICKLE) {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write('{');
                    exchange.getResponseBody().flush();
                }
                if (hold != null) {
                    closing.await();
                    return;
                }
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        // A handler that holds its answer holds only its own thread.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Requests to {@code path} get their answer held so, until this receiver is closed. */
    void hold(String path, Hold how) {
        holds.put(path, how);
    }

    /** The next requests to {@code path} get these statuses, in order; then 200. */
    void answer(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** What reached {@code path} about one image, in arrival order. */
    List<Received> about(String path, String imageId) {
        return at(path).stream().filter(r -> r.json().get("data").get("imageId").asText().equals(imageId)).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
