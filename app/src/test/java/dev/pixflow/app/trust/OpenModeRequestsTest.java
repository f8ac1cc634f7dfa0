package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open server (no API key yet) on loopback answers this machine's own requests only: a web page
 * elsewhere that points its name at 127.0.0.1 (DNS rebinding), or posts a form across sites, gets 403
 * and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenModeRequestsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.delivery.listener-port", () -> "0");
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.pixflow.app.delivery.listener.DeliveryListener listener;

    @TempDir
    Path tmp;

    /** {@link #statusOf(int, String, String, String)} on the server's own port. */
    private String statusOf(String method, String path, String host) throws IOException {
        return statusOf(port, method, path, host);
    }

    /**
     * The status of a keep-alive request as a browser sends it, with the Host header given (java.net.http
     * will not set one), and " problem" after it when the answer is a problem document. Keep-alive: the
     * delivery listener answers only those itself.
     */
    private static String statusOf(int to, String method, String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), to)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine().split(" ", 3)[1];
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type: application/problem+json")) {
                    status += " problem";
                }
            }
            return status;
        }
    }

    @Test
    void aNameReboundToLoopbackIsRefusedWhileLocalNamesAreServed() throws IOException {
        assertThat(statusOf("GET", "/v1/images", "rebind.evil.example:" + port)).isEqualTo("403 problem");
        assertThat(statusOf("GET", "/v1/images", "rebind.evil.example")).isEqualTo("403 problem");
        assertThat(statusOf("POST", "/v1/admin/keys", "rebind.evil.example:" + port)).startsWith("403");
        assertThat(statusOf("GET", "/i/00000000-0000-7000-8000-000000000000/thumb", "rebind.evil.example"))
                .as("delivery too").startsWith("403");
        // What anyone may read once keys exist is this machine's alone while the server is open.
        for (String path : new String[] {"/actuator/health", "/v3/api-docs", "/", "/admin.html"}) {
            assertThat(statusOf("GET", path, "rebind.evil.example")).as(path).isEqualTo("403 problem");
            assertThat(statusOf("GET", path, "localhost:" + port)).as(path).isEqualTo("200");
        }
        for (String host : new String[] {"localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.0.0.2", "[::1]:" + port,
                "app.localhost:" + port, "localhost."}) {
            assertThat(statusOf("GET", "/v1/images", host)).as(host).isEqualTo("200");
        }
    }

    /** The delivery listener answers kept renditions itself: for this machine's names only, as the server's port. */
    @Test
    void theDeliveryListenerServesLocalNamesOnly() throws IOException {
        HttpResponse<String> made = post(TestImages.jpeg(tmp, 320, 240), "Origin", "http://localhost:" + port);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = Http.json(made).get("id").asText();
        awaitReady(id);
        String thumb = "/i/" + id + "/thumb";
        assertThat(statusOf(listener.port(), "GET", thumb, "localhost")).as("answered, then kept").isEqualTo("200");
        assertThat(statusOf(listener.port(), "GET", thumb, "localhost:" + listener.port())).isEqualTo("200");
        assertThat(statusOf(listener.port(), "GET", thumb, "rebind.evil.example")).isEqualTo("403 problem");
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefusedAndStoresNothing() throws IOException {
        Path photo = TestImages.jpeg(tmp, 64, 48);
        HttpResponse<String> crossOrigin = post(photo, "Origin", "https://evil.example");
        assertThat(crossOrigin.statusCode()).as(crossOrigin.body()).isEqualTo(403);
        JsonNode problem = Http.json(crossOrigin);
        assertThat(problem.get("detail").asText()).contains("another site");
        assertThat(problem.get("type").asText()).as("no admin question: in open mode anyone may do anything, from here")
                .isEqualTo("urn:pixflow:problem:open-mode-refused");
        assertThat(post(photo, "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(post(photo, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(Http.json(http().get("/v1/images?limit=10")).get("items")).extracting(i -> i.get("width").asInt())
                .as("nothing stored").doesNotContain(64);

        HttpResponse<String> ownPage = post(photo, "Origin", "http://localhost:" + port);
        assertThat(ownPage.statusCode()).as(ownPage.body()).isEqualTo(201);
        assertThat(post(photo, "Sec-Fetch-Site", "same-origin").statusCode()).isIn(200, 201);
        assertThat(http().send(http().request("/v1/images").header("Origin", "https://evil.example").GET().build())
                .statusCode()).as("reading is no change; the browser keeps the answer from the other site").isEqualTo(200);
    }

    @Test
    void anEmptyBearerIsNoCredentialsAsTheDocsExamplesSendBeforeTheFirstKey() {
        // curl -H "Authorization: Bearer $ADMIN_KEY" with the variable unset.
        for (String empty : new String[]{"Bearer ", "bearer", "Bearer \t"}) {
            HttpResponse<String> queues = http().send(http().request("/v1/admin/queues").header("Authorization", empty).GET().build());
            assertThat(queues.statusCode()).as("'%s': %s", empty, queues.body()).isEqualTo(200);
        }
        HttpResponse<String> other = http().send(http().request("/v1/admin/queues").header("Authorization", "Basic YW5hOmFuYQ==")
                .GET().build());
        assertThat(other.statusCode()).as("another scheme is still refused").isEqualTo(401);
    }

    private HttpResponse<String> post(Path photo, String header, String value) throws IOException {
        return http().send(http().request("/v1/images").header("Content-Type", "image/jpeg").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(photo))).build());
    }
}
