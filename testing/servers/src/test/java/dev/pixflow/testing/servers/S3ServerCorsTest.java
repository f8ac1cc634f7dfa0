package dev.pixflow.testing.servers;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** s3proxy started with CORS answers a browser's preflight from an allowed origin only, and exposes ETag. */
class S3ServerCorsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAndOthersAreNot() throws Exception {
        try (S3Server s3 = S3Server.startWithCors("http://localhost:*")) {
            s3.createBucket("bucket");
            var allowed = preflight(s3, "http://localhost:41234");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:41234");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");
            assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("ETag");

            var other = preflight(s3, "http://elsewhere.example:41234");
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void withoutCorsNoOriginIsAllowed() throws Exception {
        try (S3Server s3 = S3Server.start()) {
            s3.createBucket("bucket");
            assertThat(preflight(s3, "http://localhost:41234").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void originsAreWrittenAsOnS3() {
        assertThat("http://localhost:8080").matches(S3Server.originPattern("http://localhost:*"));
        assertThat("http://localhost.evil:8080").doesNotMatch(S3Server.originPattern("http://localhost:*"));
        assertThat("https://app.example.org").matches(S3Server.originPattern("https://*.example.org"));
        assertThat("https://appxexample.org").doesNotMatch(S3Server.originPattern("https://*.example.org"));
        assertThat("http://127.0.0.1:8080").matches(S3Server.originPattern("http://127.0.0.1:8080"));
        assertThat("http://127a0a0a1:8080").doesNotMatch(S3Server.originPattern("http://127.0.0.1:8080"));
        assertThatThrownBy(() -> S3Server.originPattern("http://*:*")).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> preflight(S3Server s3, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(s3.endpoint().resolve("/bucket/uploads/x?partNumber=1&uploadId=y"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "x-amz-checksum-sha256")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
