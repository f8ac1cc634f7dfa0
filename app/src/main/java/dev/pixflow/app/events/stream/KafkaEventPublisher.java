package dev.pixflow.app.events.stream;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventPublisher;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Events on a Kafka topic, keyed by image id: one image's events share a partition, so a consumer
 * reads them in order. Returns once the broker acknowledged every record of the batch (acks=all, an
 * idempotent producer, so a retry inside the client neither reorders nor doubles them).
 */
final class KafkaEventPublisher implements EventPublisher {
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final Function<LoggedEvent, byte[]> body;

    KafkaEventPublisher(KafkaTemplate<String, byte[]> kafka, String topic, Function<LoggedEvent, byte[]> body) {
        this.kafka = kafka;
        this.topic = topic;
        this.body = body;
    }

    @Override
    public void publish(List<LoggedEvent> events) throws Exception {
        List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>();
        for (LoggedEvent e : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.event().imageId().value(), body.apply(e));
            record.headers().add("pixflow-event-type", e.event().type().wireName().getBytes(StandardCharsets.UTF_8));
            sent.add(kafka.send(record));
        }
        kafka.flush();
        for (CompletableFuture<SendResult<String, byte[]>> s : sent) {
            s.get(60, TimeUnit.SECONDS);
        }
    }
}
