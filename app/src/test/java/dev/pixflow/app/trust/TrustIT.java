package dev.pixflow.app.trust;

import dev.pixflow.app.faults.PixflowProcess;
import dev.pixflow.app.support.Http;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as an operator runs it: open on loopback without keys (and saying so), refusing to
 * start on a network address without keys, and starting there once {@code pixflow keys create} made
 * one. (A SIGTERM'd server's handling of the render in hand is in the fault suite.)
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

    /** A command the server jar does not have (signing is the CLI's) is refused, not taken for a server start. */
    @Test
    void aCommandItDoesNotHaveIsRefusedWithoutStartingAServer() throws Exception {
        Path data = tmp.resolve("data");
        PixflowProcess mistaken = new PixflowProcess(data, "sign", "/w:300/0190f5a2-0000-7000-8000-000000000000");
        int status = mistaken.startExpectingExit(Duration.ofSeconds(90));
        assertThat(status).as(mistaken.log()).isEqualTo(64);
        assertThat(mistaken.log()).contains("'sign' is no command of the server");
        assertThat(data).as("no server opened its data").doesNotExist();
        PixflowProcess help = new PixflowProcess(data, "--help");
        assertThat(help.startExpectingExit(Duration.ofSeconds(90))).as(help.log()).isZero();
        assertThat(help.log()).contains("usage: java -jar pixflow.jar");
        assertThat(data).as("no server opened its data for --help either").doesNotExist();
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
}
