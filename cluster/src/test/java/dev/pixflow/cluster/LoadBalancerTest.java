package dev.pixflow.cluster;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The load balancer's configuration: the Ingress's routes, one pool per role, bodies streamed, and nginx takes it. */
class LoadBalancerTest {
    private static final Map<String, List<Integer>> POOLS = Map.of("upload", List.of(9010, 9011),
            "multipart", List.of(9012, 9013, 9014), "delivery", List.of(9015));

    @Test
    void routesByPathAsTheIngressDoes() {
        String conf = LoadBalancer.config(9000, POOLS);
        assertThat(conf).contains("listen 127.0.0.1:9000;")
                .contains("location /v1/uploads { proxy_pass http://multipart; }")
                .contains("location /i/ { proxy_pass http://delivery; }")
                .contains("location /t/ { proxy_pass http://delivery; }")
                .contains("location / { proxy_pass http://upload; }");
    }

    @Test
    void eachRoleIsOnePoolOfItsProcessesSharedByEveryWorker() {
        String conf = LoadBalancer.config(9000, POOLS);
        assertThat(block(conf, "upstream multipart {")).contains("zone multipart 64k;")
                .contains("server 127.0.0.1:9012 max_fails=1 fail_timeout=5s;")
                .contains("server 127.0.0.1:9013 ").contains("server 127.0.0.1:9014 ")
                .doesNotContain("9010").doesNotContain("9015");
        assertThat(block(conf, "upstream upload {")).contains("9010").contains("9011").doesNotContain("9012");
        assertThat(block(conf, "upstream delivery {")).contains("9015").doesNotContain("9010");
    }

    @Test
    void bodiesStreamAndOnlyUnsentRequestsGoToAnotherProcess() {
        String conf = LoadBalancer.config(9000, POOLS);
        assertThat(conf).contains("client_max_body_size 0;").contains("proxy_request_buffering off;")
                .contains("proxy_buffering off;").contains("proxy_http_version 1.1;")
                .contains("proxy_set_header Host $http_host;")
                .contains("proxy_next_upstream error timeout;").doesNotContain("non_idempotent");
    }

    @Test
    void nginxAcceptsTheConfiguration(@TempDir Path prefix) throws Exception {
        Optional<Path> nginx = LoadBalancer.find(Optional.empty());
        Assumptions.assumeTrue(nginx.isPresent(), "nginx is not installed");
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, LoadBalancer.config(9000, POOLS));
        List<String> cmd = new ArrayList<>(List.of(nginx.get().toString(), "-e", "stderr", "-p", prefix + "/", "-c", conf.toString(), "-t"));
        Process check = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
    }

    @Test
    void aRoleWithNoProcessToReachIsAProblemDocument(@TempDir Path prefix) throws Exception {
        Optional<Path> nginx = LoadBalancer.find(Optional.empty());
        Assumptions.assumeTrue(nginx.isPresent(), "nginx is not installed");
        int port = freePort();
        // Ports nothing listens on: every process of the role stopped.
        Map<String, List<Integer>> gone = Map.of("upload", List.of(freePort()), "multipart", List.of(freePort()),
                "delivery", List.of(freePort()));
        try (LoadBalancer lb = LoadBalancer.start(nginx.get(), prefix, port, gone, prefix.resolve("nginx.log"))) {
            for (String path : List.of("/t/_/w:300/x.jpg", "/page.html", "/v1/images")) {
                java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(other.headers().firstValue("Content-Type")).as(path).contains("application/problem+json");
            }
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/i/x/thumb")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(problem.path("status").asInt()).isEqualTo(502);
            assertThat(problem.path("detail").asText()).contains("retry");
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String block(String conf, String start) {
        int from = conf.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return conf.substring(from, conf.indexOf('}', from));
    }
}
