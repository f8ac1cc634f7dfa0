package dev.pixflow.app.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The ingest role's Kafka check against a real broker: up with the topic, down without it or the broker. */
class KafkaTopicCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void upWhileTheBrokerHasTheTopicDownWithoutEither() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "photos");
        broker.afterPropertiesSet();
        try (KafkaTopicCheck photos = new KafkaTopicCheck(broker.getBrokersAsString(), "photos", Map.of(), TIMEOUT);
             KafkaTopicCheck missing = new KafkaTopicCheck(broker.getBrokersAsString(), "no-such-topic", Map.of(), TIMEOUT)) {
            assertThat(new BoundedCheck(photos, TIMEOUT).health().getStatus()).isEqualTo(Status.UP);
            assertThat(new BoundedCheck(missing, TIMEOUT).health().getStatus()).isEqualTo(Status.DOWN);

            broker.destroy();
            var down = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> new BoundedCheck(photos, TIMEOUT).health());
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        }
    }
}
