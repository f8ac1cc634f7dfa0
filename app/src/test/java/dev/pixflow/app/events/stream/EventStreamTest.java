package dev.pixflow.app.events.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.adapter.queue.sqs.SqsClients;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.testing.servers.SqsServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An uploaded, rendered and deleted image's events arrive on a Kafka topic (an in-process broker,
 * keyed by image id) and on an SQS FIFO queue (ElasticMQ), as the webhooks' JSON, each in the order
 * they happened: stored, every rendition ready, deleted.
 */
// Closed after the class, while the broker still runs: its consumers and relays leave cleanly.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventStreamTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String TOPIC = "pixflow-events";
    static final org.springframework.kafka.test.EmbeddedKafkaKraftBroker KAFKA =
            new org.springframework.kafka.test.EmbeddedKafkaKraftBroker(1, 3, TOPIC);
    static final SqsServer SQS = SqsServer.start();
    static final SqsClient CLIENT = SqsClients.create("us-east-1", Optional.of(SQS.endpoint()), Optional.of("x"),
            Optional.of("x"));
    static final String QUEUE;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        KAFKA.afterPropertiesSet();
        QUEUE = CLIENT.createQueue(b -> b.queueName("pixflow-events.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"))).queueUrl();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.events.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        r.add("pixflow.events.kafka.topic", () -> TOPIC);
        r.add("pixflow.events.sqs.queue-url", () -> QUEUE);
        r.add("pixflow.queue.sqs.endpoint", () -> SQS.endpoint().toString());
        r.add("pixflow.queue.sqs.access-key", () -> "x");
        r.add("pixflow.queue.sqs.secret-key", () -> "x");
        r.add("pixflow.events.poll", () -> "200ms");
    }

    @Autowired
    MeterRegistry registry;

    @Test
    void anImagesEventsArriveInOrderOnTheTopicAndOnTheQueue() throws IOException {
        Path photo = TestImages.jpeg(Files.createTempDirectory("pixflow-events"), 800, 600);
        var created = http().uploadRaw(photo, "image/jpeg", "filename=pier.jpg");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();
        JsonNode ready = awaitReady(id);
        int variants = ready.get("variants").size();
        var deleted = http().send(http().request("/v1/images/" + id).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);

        List<JsonNode> onKafka = fromKafka(id);
        List<JsonNode> onSqs = fromSqs(id);

        List<String> types = onKafka.stream().map(e -> e.get("type").asText()).toList();
        assertThat(types.getFirst()).isEqualTo("image.stored");
        assertThat(types.getLast()).isEqualTo("image.deleted");
        assertThat(types.subList(1, types.size() - 1)).hasSize(variants).containsOnly("rendition.ready");
        assertThat(onKafka).extracting(e -> Instant.parse(e.get("occurredAt").asText())).isSorted();
        JsonNode stored = onKafka.getFirst();
        assertThat(stored.get("data").get("imageId").asText()).isEqualTo(id);
        assertThat(stored.get("data").get("format").asText()).isEqualTo("jpeg");
        assertThat(stored.get("data").get("width").asInt()).isEqualTo(800);
        assertThat(stored.get("data").get("urls").get("image").asText()).endsWith("/v1/images/" + id);
        assertThat(onKafka.get(1).get("data").get("variant").asText()).isNotBlank();

        assertThat(onSqs).extracting(e -> e.get("id").asText())
                .as("the same events, in the same order").containsExactlyElementsOf(onKafka.stream().map(e -> e.get("id").asText()).toList());
        assertThat(onSqs).isEqualTo(onKafka);
        assertThat(registry.get("pixflow.events.published").tag("destination", "kafka").counter().count())
                .isGreaterThanOrEqualTo(onKafka.size());
        assertThat(registry.get("pixflow.events.published").tag("destination", "sqs").counter().count())
                .isGreaterThanOrEqualTo(onSqs.size());
    }

    /** The image's events from the topic (all partitions), until its deletion arrives. */
    private static List<JsonNode> fromKafka(String id) {
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (event.get("data").get("imageId").asText().equals(id)) {
                        assertThat(record.key()).isEqualTo(id);
                        events.add(event);
                    }
                }
                return !events.isEmpty() && events.getLast().get("type").asText().equals("image.deleted");
            });
        }
        return events;
    }

    /** The image's events from the queue, each deleted once read so the group's next one is handed out. */
    private static List<JsonNode> fromSqs(String id) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Message> batch = CLIENT.receiveMessage(b -> b.queueUrl(QUEUE).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message m : batch) {
                JsonNode event = JSON.readTree(m.body());
                if (event.get("data").get("imageId").asText().equals(id)) {
                    events.add(event);
                }
                CLIENT.deleteMessage(b -> b.queueUrl(QUEUE).receiptHandle(m.receiptHandle()));
            }
            return !events.isEmpty() && events.getLast().get("type").asText().equals("image.deleted");
        });
        return events;
    }
}
