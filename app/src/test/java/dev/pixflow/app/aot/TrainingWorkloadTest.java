package dev.pixflow.app.aot;

import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.SigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ahead-of-time cache's training workload against a real server: every upload is made ready, and
 * every variant and transformation URL it asks for is served, so the training runs the paths a server
 * runs rather than its error paths.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingWorkloadTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String SALT = "a1b2";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.delivery.keys", () -> KEY);
        r.add("pixflow.delivery.salts", () -> SALT);
    }

    @Test
    void theWorkloadUploadsRendersAndReadsBackWithoutAFailure() throws Exception {
        TrainingWorkload workload = new TrainingWorkload(URI.create("http://127.0.0.1:" + port),
                new DeliverySigner(List.of(SigningKey.hex(KEY, SALT)), Clock.systemUTC()));

        TrainingWorkload.Summary summary = workload.run(Duration.ZERO, TrainingImages.all());

        // Duration zero: each of the four clients does one image, the three drawn ones in turn.
        assertThat(summary.uploads()).isEqualTo(4);
        assertThat(summary.ready()).isEqualTo(4);
        assertThat(summary.deliveries()).isEqualTo(4 * 3);
        assertThat(summary.transforms()).isEqualTo(4 * 3);
        assertThat(summary.failures()).isZero();
    }
}
