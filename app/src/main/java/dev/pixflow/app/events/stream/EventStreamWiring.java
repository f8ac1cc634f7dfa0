package dev.pixflow.app.events.stream;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.webhooks.WebhookPayloads;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.RelayEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code pixflow.events.kafka.topic}: every event on a Kafka topic, relayed by worker processes from
 * the event log, with the webhooks' JSON. The SQS destination is wired beside the other SQS clients.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.WORKER)
@EnableConfigurationProperties(EventStreamProperties.class)
public class EventStreamWiring {
    /** The cursor's name in {@code event_cursors}. */
    public static final String KAFKA_CURSOR = "stream:kafka";

    @Bean(destroyMethod = "destroy")
    @ConditionalOnProperty(prefix = "pixflow.events.kafka", name = {"bootstrap-servers", "topic"})
    KafkaTemplate<String, byte[]> eventStreamTemplate(EventStreamProperties props) {
        Map<String, Object> config = new HashMap<>(props.kafka().properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafka().bootstrapServers());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pixflow-events");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    @ConditionalOnProperty(prefix = "pixflow.events.kafka", name = {"bootstrap-servers", "topic"})
    EventRelayLoop kafkaEventRelay(KafkaTemplate<String, byte[]> eventStreamTemplate, EventStreamProperties props,
                                   WebhookPayloads payloads, EventLog events, EventCursors cursors, Clock clock,
                                   MeterRegistry registry) {
        RelayEvents relay = new RelayEvents(events, cursors,
                new KafkaEventPublisher(eventStreamTemplate, props.kafka().topic(), payloads::body),
                KAFKA_CURSOR, EventRelayLoop.processHolder(), props.batch(), props.lease(), clock);
        return new EventRelayLoop(relay, events, props.poll(), registry, "kafka");
    }
}
