package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Outputs;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.usecase.ProcessJob;
import dev.pixflow.core.usecase.WorkerPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the server's own worker off: a variant asked for before any worker ran is rendered on the
 * request; and a job leased by a worker that then died is done by another worker once the lease runs out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OnDemandAndRecoveryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @Autowired
    JobQueue queue;
    @Autowired
    ProcessJob processJob;

    @TempDir
    Path tmp;

    @Test
    void aVariantNotYetMadeIsRenderedOnRequestNot404() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 1600, 1200), "image/jpeg", null)).get("id").asText();
        JsonNode before = record(id);
        assertThat(before.get("status").asText()).isEqualTo("processing");
        assertThat(before.get("variants").get("medium").get("status").asText()).isEqualTo("pending");

        var medium = http().bytes(http().request("/i/" + id + "/medium").build());
        assertThat(medium.statusCode()).isEqualTo(200);
        Path seenFile = Outputs.save(tmp, medium.body());
        TestImages.Inspection seen = TestImages.inspect(seenFile);
        assertThat(seen.width()).isEqualTo(1024);
        assertThat(seen.height()).isEqualTo(768);

        JsonNode after = record(id);
        assertThat(after.get("variants").get("medium").get("status").asText()).isEqualTo("ready");
        assertThat(after.get("variants").get("thumb").get("status").asText()).isEqualTo("pending");
        // Asked again: the stored rendition, byte for byte.
        assertThat(http().bytes(http().request("/i/" + id + "/medium").build()).body()).isEqualTo(medium.body());
    }

    @Test
    void aJobWhoseWorkerDiedIsDoneByAnotherAndRenderedOnce() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 900, 600), "image/jpeg", null)).get("id").asText();

        // A worker takes the job and dies: it never acknowledges. A zero lease stands for one that ran out.
        LeasedJob lost = drainUntil(id);
        assertThat(lost.attempt()).isEqualTo(1);

        try (WorkerPool survivor = new WorkerPool(queue, processJob, 1, Duration.ofSeconds(30), Duration.ofMillis(50))) {
            survivor.start();
            JsonNode ready = awaitReady(id);
            assertThat(ready.get("variants").get("thumb").get("width").asInt()).isEqualTo(256);
        }
        assertThat(queue.acknowledge(lost)).as("the dead worker's lease is void").isFalse();
        assertThat(queue.stats().depth()).isZero();
        try (Stream<Path> files = Files.list(DATA.resolve("blobs/renditions/" + id))) {
            assertThat(files.toList()).as("one set of renditions").hasSize(3);
        }
    }

    /** Leases jobs with a zero lease until it holds this image's job; other tests' jobs are acknowledged. */
    private LeasedJob drainUntil(String id) {
        while (true) {
            LeasedJob job = queue.lease("doomed-worker", Duration.ZERO).orElseThrow();
            if (job.spec().imageId().value().equals(id)) {
                return job;
            }
            queue.acknowledge(job);
        }
    }
}
