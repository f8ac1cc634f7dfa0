package dev.pixflow.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** How many render threads a worker process runs: two per core unless set. */
class WorkerThreadsTest {

    private static PixflowProperties.Worker worker(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("pixflow.worker", PixflowProperties.Worker.class);
    }

    @Test
    void twoPerCoreByDefault() {
        assertThat(worker(new MockEnvironment()).threads()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aSetNumberIsTakenAsIs() {
        assertThat(worker(new MockEnvironment().withProperty("pixflow.worker.concurrency", "3")).threads()).isEqualTo(3);
    }
}
