package dev.pixflow.app;

import dev.pixflow.app.multipart.UploadReaper;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.MultipartClient.Part;
import dev.pixflow.app.support.PixflowTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static dev.pixflow.app.MultipartUploadTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unfinished uploads expire: the server's clock is one the test moves, and the reaper is run directly,
 * so nothing here waits. The reaper's batch is 2, so reaping five uploads takes three batches.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MultipartExpiryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-06-01T10:00:00Z"));

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.multipart.part-size", () -> "1KB");
        r.add("pixflow.multipart.min-part-size", () -> "1KB");
        r.add("pixflow.multipart.expiry", () -> "24h");
        r.add("pixflow.multipart.reap-batch", () -> "2");
        r.add("pixflow.multipart.reap-interval", () -> "1h"); // never fires by itself here: the test calls it
    }

    @Autowired
    UploadReaper reaper;

    @Test
    void unfinishedUploadsExpireAndTheReaperDeletesTheirPartsInBatches() throws Exception {
        MultipartClient mp = new MultipartClient(http());
        List<String> old = Stream.generate(() -> mp.started("old.jpg", "image/jpeg")).limit(5).toList();
        for (String id : old) {
            mp.stored(id, 1, new byte[2048]);
            mp.stored(id, 2, new byte[100]);
        }
        CLOCK.advance(Duration.ofHours(23));
        String young = mp.started("young.jpg", "image/jpeg");
        String youngEtag = mp.stored(young, 1, new byte[2048]);

        assertThat(reaper.reapNow()).as("nothing has expired yet").isZero();
        CLOCK.advance(Duration.ofHours(1));

        // Expired is gone for clients at once, before the reaper has run.
        assertProblem(mp.get(old.get(0)), 404, "not-found");
        assertProblem(mp.put(old.get(0), 3, new byte[10]), 404, "not-found");
        assertProblem(mp.complete(old.get(0), List.of(new Part(1, "x"))), 404, "not-found");
        assertThat(partsOnDisk()).as("bytes still there until reaped").isNotEmpty();

        assertThat(reaper.reapNow()).isEqualTo(5);
        for (String id : old) {
            assertThat(Files.exists(DATA.resolve("parts").resolve(id))).as(id).isFalse();
        }
        assertThat(reaper.reapNow()).as("idempotent").isZero();

        // The younger upload is untouched and still completes its life normally.
        assertThat(MultipartClient.json(mp.get(young)).get("parts")).hasSize(1);
        assertThat(partsOnDisk()).containsExactly(young);
        assertThat(MultipartClient.json(mp.get(young)).get("parts").get(0).get("etag").asText()).isEqualTo(youngEtag);
        CLOCK.advance(Duration.ofHours(23));
        assertThat(reaper.reapNow()).isEqualTo(1);
        assertThat(partsOnDisk()).isEmpty();
    }

    private static List<String> partsOnDisk() throws Exception {
        try (Stream<Path> dirs = Files.list(DATA.resolve("parts"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }
}
