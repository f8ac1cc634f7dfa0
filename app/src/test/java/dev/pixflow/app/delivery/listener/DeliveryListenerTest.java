package dev.pixflow.app.delivery.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery listener ({@code pixflow.delivery.listener-port}) against the server's own port: a kept
 * answer comes from the listener with the same status, headers and bytes as Tomcat's (from memory and,
 * for a larger file, by sendfile); everything else is forwarded and answered by the controllers;
 * pipelined requests are answered in order; what is not delivery is refused with a problem document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryListenerTest extends PixflowTestBase {
    /** Per response, or per hop: not the answer's. */
    private static final Set<String> HOP = Set.of("date", "x-request-id", "connection", "keep-alive");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        Path data = newDataDir();
        r.add("pixflow.data-dir", data::toString);
        r.add("pixflow.delivery.listener-port", () -> "0");
        // Files over 2KB go by sendfile, the rest from memory: both ways are asked.
        r.add("pixflow.delivery.memory-cache-max-entry", () -> "2KB");
    }

    @Autowired
    DeliveryListener listener;

    @Autowired
    MeterRegistry registry;

    @TempDir
    Path tmp;

    private final HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aKeptAnswerComesFromTheListenerAsTomcatWritesIt() throws Exception {
        String id = uploaded(640, 480);
        // A tiny PNG from memory, a larger JPEG by sendfile, a stored transformation from memory.
        for (String path : List.of("/i/" + id + "/thumb", "/i/" + id + "/original", "/t/_/w:40,f:png/" + id)) {
            HttpResponse<byte[]> fromTomcat = send(port, "GET", path, Map.of());
            assertThat(fromTomcat.statusCode()).as(path).isEqualTo(200);
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<byte[]> fromListener = answeredByListener(method, path);
                assertThat(fromListener.statusCode()).isEqualTo(200);
                assertThat(answerHeaders(fromListener)).as(method + " " + path).isEqualTo(answerHeaders(fromTomcat));
                assertThat(fromListener.body()).isEqualTo(method.equals("HEAD") ? new byte[0] : fromTomcat.body());
                assertThat(fromListener.headers().firstValue("X-Request-Id")).isPresent();
                assertThat(fromListener.headers().firstValue("Date")).isPresent();
            }
        }
    }

    @Test
    void everythingElseIsTheControllersAnswer() throws Exception {
        String id = uploaded(300, 200);
        String thumb = "/i/" + id + "/thumb";
        send(port, "GET", thumb, Map.of());
        String etag = send(port, "GET", thumb, Map.of()).headers().firstValue("ETag").orElseThrow();
        List<Asked> asked = List.of(
                new Asked("GET", thumb, Map.of("If-None-Match", etag)),
                new Asked("GET", thumb, Map.of("Range", "bytes=0-9")),
                new Asked("GET", "/i/" + id + "/nosuchvariant", Map.of()),
                new Asked("GET", "/i/00000000-0000-7000-8000-000000000000/thumb", Map.of()),
                new Asked("GET", "/t/_/w:0/" + id, Map.of()),
                new Asked("GET", "/v1/images/" + id, Map.of()),
                new Asked("GET", "/actuator/health", Map.of()));
        for (Asked a : asked) {
            double forwarded = count("forwarded");
            HttpResponse<byte[]> viaListener = send(listener.port(), a.method(), a.path(), a.headers());
            HttpResponse<byte[]> direct = send(port, a.method(), a.path(), a.headers());
            assertThat(count("forwarded") - forwarded).as(a.path()).isEqualTo(1);
            assertThat(viaListener.statusCode()).as(a.path()).isEqualTo(direct.statusCode());
            assertThat(answerHeaders(viaListener).keySet()).as(a.path()).isEqualTo(answerHeaders(direct).keySet());
            if (direct.headers().firstValue("Content-Type").orElse("").startsWith("image/")) {
                assertThat(viaListener.body()).as(a.path()).isEqualTo(direct.body());
            }
        }
        assertThat(send(listener.port(), "GET", thumb, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(send(listener.port(), "GET", thumb, Map.of("Range", "bytes=0-9")).body()).hasSize(10);
        assertThat(new String(send(listener.port(), "GET", "/i/00000000-0000-7000-8000-000000000000/thumb", Map.of()).body(),
                StandardCharsets.UTF_8)).contains("\"status\":404");
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        String id = uploaded(200, 150);
        String thumb = "/i/" + id + "/thumb";
        send(port, "GET", thumb, Map.of());
        // Forwarded, kept, forwarded, kept: one write, four answers in order.
        String requests = request("/i/00000000-0000-7000-8000-000000000000/thumb", "")
                + request(thumb, "") + request(thumb, "Range: bytes=0-4\r\n") + request(thumb, "");
        try (Socket socket = new Socket("localhost", listener.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(readResponse(in));
            }
            assertThat(statuses).containsExactly(404, 200, 206, 200);
            // More waiting behind a forwarded one than the listener holds: it reads on once they are answered.
            StringBuilder many = new StringBuilder(request("/i/00000000-0000-7000-8000-000000000000/thumb", ""));
            for (int i = 0; i < 150; i++) {
                many.append(request(thumb, ""));
            }
            out.write(many.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).isEqualTo(404);
            for (int i = 0; i < 150; i++) {
                assertThat(readResponse(in)).as("answer " + i).isEqualTo(200);
            }
        }
    }

    @Test
    void aConnectionStaysOpenThroughRevalidationsInterimAnswersAndManyPipelinedRequests() throws Exception {
        String id = uploaded(220, 160);
        String thumb = "/i/" + id + "/thumb";
        String etag = send(port, "GET", thumb, Map.of()).headers().firstValue("ETag").orElseThrow();
        try (Socket socket = new Socket("localhost", listener.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // A forwarded 304 has no length of its own: the connection must still carry the next request.
            out.write((request(thumb, "If-None-Match: " + etag + "\r\n") + request(thumb, "")).getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).isEqualTo(304);
            assertThat(readResponse(in)).isEqualTo(200);
            // Expect on a bodiless request: the client gets the answer, not an interim 100.
            out.write(request(thumb, "Expect: 100-continue\r\nRange: bytes=0-3\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).isEqualTo(206);
            // More pipelined answers than the listener writes before it waits for the client to read them.
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                many.append(request(thumb, ""));
            }
            out.write(many.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 300; i++) {
                assertThat(readResponse(in)).as("answer " + i).isEqualTo(200);
            }
            // Connection: close is honoured after a forwarded answer.
            out.write(request(thumb, "Connection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).isEqualTo(200);
            assertThat(in.read()).as("closed after the answer").isEqualTo(-1);
        }
    }

    @Test
    void whatIsNotDeliveryIsRefusedAndBelongsOnTheApisPort() throws Exception {
        HttpResponse<byte[]> post = h1.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + listener.port() + "/v1/images"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(TestImages.png(tmp, 20, 20))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(post.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new ObjectMapper().readTree(post.body()).get("type").asText())
                .isEqualTo("urn:pixflow:problem:not-delivery");

        try (Socket socket = new Socket("localhost", listener.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /i/x/thumb HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket.getInputStream())).isEqualTo(400);
        }
    }

    /**
     * What HTTP/1.1 says a server must refuse, the listener refuses as Tomcat does on its port, even for a
     * path whose answer it keeps; in its turn after a forwarded answer, and then it closes.
     */
    @Test
    void whatHttpRefusesIsRefusedAsOnTheServersPortInItsTurn() throws Exception {
        String id = uploaded(240, 180);
        String thumb = "/i/" + id + "/thumb";
        answeredByListener("GET", thumb);
        Map<String, String> refused = Map.of(
                "no Host", "GET " + thumb + " HTTP/1.1\r\n\r\n",
                "two Hosts", "GET " + thumb + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "a Host that is none", "GET " + thumb + " HTTP/1.1\r\nHost: a b/c\r\n\r\n",
                "an unknown transfer coding", "GET " + thumb + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n",
                "another HTTP", "GET " + thumb + " HTTP/2.0\r\nHost: localhost\r\n\r\n");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            String fromTomcat = firstHead(port, r.getValue());
            String fromListener = firstHead(listener.port(), r.getValue());
            assertThat(fromListener.substring(0, 12)).as(r.getKey()).isEqualTo(fromTomcat.substring(0, 12)).doesNotEndWith("200");
            assertThat(fromListener).as(r.getKey()).containsIgnoringCase("Cache-Control: no-store")
                    .containsIgnoringCase("Date: ").containsIgnoringCase("Content-Type: application/problem+json");
        }
        String withBody = firstHead(listener.port(), "GET " + thumb + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(withBody).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("Allow:");

        // Behind a forwarded request (an unknown image), a refused one: both answered, in order, then closed.
        try (Socket socket = new Socket("localhost", listener.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((request("/i/00000000-0000-7000-8000-000000000000/thumb", "")
                    + "POST " + thumb + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n" + request(thumb, ""))
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).isEqualTo(404);
            assertThat(readResponse(in)).isEqualTo(405);
            assertThat(in.read()).as("closed after the refusal").isEqualTo(-1);
        }
    }

    /** Accept in two lines is one list (RFC 9110, 5.3): the same choice on both ports, kept or not. */
    @Test
    void acceptInSeveralLinesIsOneList() throws Exception {
        String id = uploaded(260, 180);
        String auto = "/t/_/w:40,f:auto/" + id;
        assertThat(send(port, "GET", auto, Map.of("Accept", "image/jpeg")).headers().firstValue("Content-Type")).hasValue("image/jpeg");
        String twoLines = "GET " + auto + " HTTP/1.1\r\nHost: localhost\r\nAccept: image/jpeg\r\nAccept: image/webp\r\n\r\n";
        for (int to : List.of(port, listener.port(), listener.port())) {
            assertThat(firstHead(to, twoLines)).as("port " + to).containsIgnoringCase("Content-Type: image/webp");
        }
    }

    private static String firstHead(int to, String raw) throws IOException {
        try (Socket socket = new Socket("localhost", to)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
            return readHead(socket.getInputStream());
        }
    }

    private record Asked(String method, String path, Map<String, String> headers) {
    }

    private String uploaded(int width, int height) throws Exception {
        HttpResponse<String> up = http().uploadRaw(TestImages.jpeg(tmp, width, height), "image/jpeg", "allowDuplicate=true");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = Http.json(up).get("id").asText();
        awaitReady(id);
        return id;
    }

    private HttpResponse<byte[]> send(int to, String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + to + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return h1.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Asks the listener until it answers itself. This server is open (no key issued), and the listener
     * forwards while the key store's "none issued" is more than a second old rather than wait on the
     * store; the controllers' answer asks it again.
     */
    private HttpResponse<byte[]> answeredByListener(String method, String path) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            double before = count("listener");
            HttpResponse<byte[]> response = send(listener.port(), method, path, Map.of());
            if (count("listener") - before == 1) {
                return response;
            }
        }
        throw new AssertionError(method + " " + path + " was never answered by the listener itself");
    }

    private double count(String answered) {
        return registry.counter("pixflow.delivery.listener.requests", "answered", answered).count();
    }

    /** The headers that belong to the answer, by lowercase name. */
    private static Map<String, List<String>> answerHeaders(HttpResponse<?> response) {
        Map<String, List<String>> out = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                out.put(name.toLowerCase(), values);
            }
        });
        return out;
    }

    private static String request(String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
    }

    /** Reads one response with a Content-Length or chunked body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at);
            in.readNBytes(Integer.parseInt(head.substring(at + 15, end).strip()));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(readLine(in).strip(), 16);
                in.readNBytes(size);
                readLine(in);
                if (size == 0) {
                    break;
                }
            }
        }
        return status;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            head.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (line.isEmpty()) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
