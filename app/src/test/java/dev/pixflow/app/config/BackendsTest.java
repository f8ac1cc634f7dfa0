package dev.pixflow.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one typed switch of the engines: defaults, relaxed spelling, a misspelt engine, combinations a server refuses. */
class BackendsTest {

    @Test
    void theEmbeddedEnginesByDefault() {
        assertThat(Backends.of(new MockEnvironment()))
                .isEqualTo(new Backends(Backends.Catalogue.SQLITE, Backends.Queue.SQLITE, Backends.Storage.FS));
    }

    @Test
    void enginesAreReadInAnyCase() {
        MockEnvironment env = new MockEnvironment().withProperty("pixflow.metadata.type", "Postgres")
                .withProperty("pixflow.queue.type", "SQS").withProperty("pixflow.storage.type", "s3");
        assertThat(Backends.of(env).requireRunnable())
                .isEqualTo(new Backends(Backends.Catalogue.POSTGRES, Backends.Queue.SQS, Backends.Storage.S3));
    }

    @Test
    void aMisspeltEngineFailsInsteadOfFallingBack() {
        MockEnvironment env = new MockEnvironment().withProperty("pixflow.metadata.type", "postgress");
        assertThatThrownBy(() -> Backends.of(env)).hasMessageContaining("pixflow.metadata.type");
    }

    @Test
    void postgresWithTheEmbeddedQueueIsRefused() {
        MockEnvironment env = new MockEnvironment().withProperty("pixflow.metadata.type", "postgres");
        assertThatThrownBy(() -> Backends.of(env).requireRunnable())
                .hasMessageContaining("pixflow.metadata.type=postgres needs pixflow.queue.type=sqs");
    }
}
