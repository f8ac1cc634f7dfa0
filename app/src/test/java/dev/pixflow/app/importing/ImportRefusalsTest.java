package dev.pixflow.app.importing;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default settings, imports from this machine, private networks and the metadata service are refused before any connection. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportRefusalsTest extends PixflowTestBase {
    static final java.nio.file.Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1/x.jpg, loopback",
            "http://localhost/x.jpg, loopback",
            "http://[::1]/x.jpg, loopback",
            "http://10.1.2.3/x.jpg, private",
            "http://192.168.0.10/x.jpg, private",
            "http://[fd12::1]/x.jpg, unique-local",
            "http://100.64.1.1/x.jpg, cgnat",
            "http://169.254.169.254/latest/meta-data/, metadata",
            "http://[fd00:ec2::254]/latest/meta-data/, metadata",
            "http://[::ffff:169.254.169.254]/, metadata",
            "http://0.0.0.0/x.jpg, unspecified",
            "file:///etc/passwd, scheme",
            "ftp://example.org/x.jpg, scheme",
            "gopher://example.org/, scheme",
            "http://user:secret@example.org/x.jpg, url",
            "http://93.184.216.34:70000/x.jpg, url",
            "http://93.184.216.34:0/x.jpg, url",
    })
    void refusedWithTheReason(String url, String reason) {
        HttpResponse<String> r = http().send(http().request("/v1/images").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:url-refused");
        assertThat(Http.json(r).get("reason").asText()).isEqualTo(reason);
    }
}
