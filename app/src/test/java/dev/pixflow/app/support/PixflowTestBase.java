package dev.pixflow.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Helpers for tests that start Pixflow on a random port. Each test class gives its context a data
 * directory of its own ({@link #newDataDir()} in a {@code @DynamicPropertySource}), since Spring keeps
 * earlier contexts, and their workers, alive.
 */
public abstract class PixflowTestBase {

    @LocalServerPort
    protected int port;

    private Http http;

    protected static Path newDataDir() {
        try {
            return Files.createTempDirectory("pixflow-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Http http() {
        if (http == null) {
            http = new Http(port);
        }
        return http;
    }

    protected JsonNode record(String id) {
        var response = http().get("/v1/images/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    /** Waits on the record's own status, the signal a client would watch. */
    protected JsonNode awaitReady(String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> !record(id).get("status").asText().equals("processing"));
        JsonNode r = record(id);
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ready");
        return r;
    }
}
