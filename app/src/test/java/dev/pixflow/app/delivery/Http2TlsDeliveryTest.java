package dev.pixflow.app.delivery;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a certificate configured ({@code server.ssl.*}), delivery speaks h2 over TLS (ALPN), as
 * browsers and CDNs ask for it. The certificate is made for the test by the JDK's keytool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Http2TlsDeliveryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path KEYSTORE = DATA.resolve("tls.p12");
    static final String PASSWORD = "changeit";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pixflow", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", KEYSTORE.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("server.ssl.key-store", () -> "file:" + KEYSTORE);
        r.add("server.ssl.key-store-password", () -> PASSWORD);
        r.add("server.ssl.key-store-type", () -> "PKCS12");
    }

    @TempDir
    Path tmp;

    @Test
    void deliveryAnswersOverH2WithTls() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build();
        String base = "https://127.0.0.1:" + port;

        HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/images"))
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, 640, 480))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = Http.json(up).get("id").asText();

        for (String path : new String[] {"/i/" + id + "/thumb", "/i/" + id + "/thumb", "/t/_/w:100,f:webp/" + id}) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.version()).as(path).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body().length).as(path).isPositive();
            assertThat(r.headers().firstValue("cache-control")).hasValue("max-age=31536000, public, immutable");
        }
    }
}
