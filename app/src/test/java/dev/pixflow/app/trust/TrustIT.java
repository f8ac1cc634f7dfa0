package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.faults.NoisyPhotos;
import dev.pixflow.app.faults.PixflowProcess;
import dev.pixflow.app.support.Http;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as an operator runs it: open on loopback without keys (and saying so), refusing to
 * start on a network address without keys, starting there once {@code pixflow keys create} made one,
 * and a SIGTERM'd server that gives back or finishes the render in hand and loses nothing.
 */
class TrustIT {
    @TempDir
    Path tmp;

    @Test
    void withoutKeysItRunsOpenOnLoopbackAndSaysSo() throws Exception {
        try (PixflowProcess server = new PixflowProcess(tmp.resolve("data")).start()) {
            assertThat(server.log()).contains("runs OPEN on 127.0.0.1");
            var r = server.http().uploadRaw(TestImages.jpeg(tmp, 320, 240), "image/jpeg", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(Http.json(r).get("owner").asText()).isEqualTo("anonymous");
        }
    }

    @Test
    void onANetworkAddressItRefusesToStartWithoutAKey() throws Exception {
        PixflowProcess refused = new PixflowProcess(tmp.resolve("data"), "--server.address=0.0.0.0");
        int status = refused.startExpectingExit(Duration.ofSeconds(90));
        assertThat(status).as(refused.log()).isNotZero();
        assertThat(refused.log()).contains("refusing to start: no API key exists").contains("0.0.0.0");
    }

    @Test
    void onANetworkAddressItStartsOnceAKeyExistsOrWhenOpenedOnPurpose() throws Exception {
        Path data = tmp.resolve("data");
        try (PixflowProcess open = new PixflowProcess(data, "--server.address=0.0.0.0", "--pixflow.security.open=true").start()) {
            assertThat(open.log()).contains("pixflow.security.open=true: Pixflow runs OPEN");
        }
        try (PixflowProcess server = new PixflowProcess(data, "--server.address=0.0.0.0")) {
            String token = server.keys("create", "--owner", "ana").strip();
            assertThat(token).startsWith("pxf_");
            assertThat(server.keys("list")).contains("ana").doesNotContain(token);
            server.start();
            Http http = server.http();
            assertThat(http.get("/v1/images").statusCode()).isEqualTo(401);
            assertThat(http.send(http.request("/v1/images").header("Authorization", "Bearer " + token).GET().build())
                    .statusCode()).isEqualTo(200);
        }
    }

    /**
     * SIGTERM while the workers render: the process stops taking jobs, finishes or releases the jobs in
     * hand, and exits; no job is left leased, none is dead, and after a restart every image is ready.
     * The grace is short so that a render still running at its end is released, not left to its lease.
     */
    @Test
    void aSigtermdServerFinishesOrReleasesTheRenderInHandAndLosesNothing() throws Exception {
        Path data = tmp.resolve("data");
        List<String> ids = new ArrayList<>();
        try (PixflowProcess server = new PixflowProcess(data, "--pixflow.worker.concurrency=1",
                "--pixflow.worker.shutdown-grace=100ms").start()) {
            Http http = server.http();
            for (int i = 0; i < 6; i++) {
                var r = http.uploadRaw(NoisyPhotos.jpeg(tmp, 6000, 4000, i), "image/jpeg", null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ids.add(Http.json(r).get("id").asText());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                    http.get("/actuator/prometheus").body().lines().anyMatch(l -> l.startsWith("pixflow_worker_busy") && !l.endsWith(" 0.0")));
            int status = server.terminate();
            assertThat(status).as(server.log()).isIn(0, 143);
            String log = server.log();
            // The job in hand when the stop came is finished within the grace or released, never left to its lease.
            assertThat(log).doesNotContain("left to their lease");
            assertThat(log.lines().filter(l -> l.contains("workers stopped:")).toList()).singleElement().satisfies(l ->
                    assertThat(l).containsAnyOf("1 job(s) in hand at the stop, 1 finished, 0 released",
                            "1 job(s) in hand at the stop, 0 finished, 1 released"));

            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("pixflow.db"));
                 ResultSet rs = db.createStatement().executeQuery(
                         "SELECT SUM(state = 'leased'), SUM(state = 'dead'), COUNT(*) FROM jobs")) {
                assertThat(rs.getInt(1)).as("no job left leased by the stopped worker").isZero();
                assertThat(rs.getInt(2)).as("no job dead").isZero();
                assertThat(rs.getInt(3)).as("the jobs not yet done are still queued").isPositive();
            }

            server.start();
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                        !Http.json(http.get("/v1/images/" + id)).get("status").asText().equals("processing"));
                JsonNode record = Http.json(http.get("/v1/images/" + id));
                assertThat(record.get("status").asText()).isEqualTo("ready");
            }
        }
    }
}
