package dev.pixflow.app.health;

import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.Role;
import org.junit.jupiter.api.Test;

import static dev.pixflow.app.health.Dependency.BUCKET;
import static dev.pixflow.app.health.Dependency.DATABASE;
import static dev.pixflow.app.health.Dependency.KAFKA;
import static dev.pixflow.app.health.Dependency.QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

/** Which dependencies each role's readiness checks, on each kind of engine. */
class DependencyTest {
    private static final Backends EMBEDDED = new Backends(Backends.Catalogue.SQLITE, Backends.Queue.SQLITE, Backends.Storage.FS);
    private static final Backends SCALE_OUT = new Backends(Backends.Catalogue.POSTGRES, Backends.Queue.SQS, Backends.Storage.S3);

    @Test
    void onOneMachineOnlyTheDatabaseFileIsChecked() {
        assertThat(Dependency.of(Role.parse(Role.ALL), EMBEDDED, false)).containsExactly(DATABASE);
    }

    @Test
    void theApiRolesNeedTheBucketAndDatabaseButNotTheQueueTheyOnlyFeedThroughTheOutbox() {
        for (String role : new String[]{"upload", "multipart", "delivery"}) {
            assertThat(Dependency.of(Role.parse(role), SCALE_OUT, true)).as(role).containsExactlyInAnyOrder(DATABASE, BUCKET);
        }
    }

    @Test
    void workersNeedTheQueueAndIngestionItsTopicWhenOneIsConfigured() {
        assertThat(Dependency.of(Role.parse("worker"), SCALE_OUT, true)).containsExactlyInAnyOrder(DATABASE, BUCKET, QUEUE);
        assertThat(Dependency.of(Role.parse("ingest"), SCALE_OUT, true)).containsExactlyInAnyOrder(DATABASE, BUCKET, KAFKA);
        assertThat(Dependency.of(Role.parse("ingest"), SCALE_OUT, false)).containsExactlyInAnyOrder(DATABASE, BUCKET);
    }
}
