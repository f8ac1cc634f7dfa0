package dev.pixflow.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are judged by name as Spring binds them; only a name that binds to nothing is refused. */
class UnknownSettingsTest {

    private static void start(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        new UnknownSettings().postProcessEnvironment(environment, null);
    }

    @Test
    void everySpellingSpringBindsIsTaken() {
        assertThatCode(() -> start("--pixflow.worker.idlePoll=2s", "--pixflow.Upload.Max-Bytes=5MB",
                "--pixflow.roles[0]=worker", "--pixflow.variants[0].name=thumb",
                "--pixflow.events.kafka.properties.acks=all", "--server.port=0", "--other.thing=x"))
                .doesNotThrowAnyException();
    }

    @Test
    void aNameThatBindsToNothingIsRefusedWithWhatItMayHaveMeant() {
        assertThatThrownBy(() -> start("--pixflow.upload.max-byte=5MB")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pixflow.upload.max-byte is no setting; did you mean pixflow.upload.max-bytes or"
                        + " pixflow.upload.max-pixels?");
        assertThatThrownBy(() -> start("--pixflow.worker.idlePol=2s")).hasMessageContaining("is no setting");
        assertThatThrownBy(() -> start("--pixflow.roles.extra=worker")).as("a list's items are indexed")
                .hasMessageContaining("is no setting");
    }
}
