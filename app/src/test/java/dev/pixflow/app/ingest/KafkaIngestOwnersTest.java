package dev.pixflow.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With API keys in use, a record's {@code owner} must hold one: the image is then that owner's (seen
 * with their key, not another's), and a record naming nobody's owner is dead-lettered as
 * {@code unknown-owner}.
 */
// Closed after the class, while the broker still runs: its consumers leave cleanly.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaIngestOwnersTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String TOPIC = "owned";
    static final EmbeddedKafkaKraftBroker KAFKA = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, TOPIC + ".DLT");

    static {
        KAFKA.afterPropertiesSet();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.ingest.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        r.add("pixflow.ingest.kafka.topic", () -> TOPIC);
        // Under the records' own limit (10MB by default): the smaller of the two holds.
        r.add("pixflow.upload.max-bytes", () -> "100KB");
    }

    @Autowired
    ApiKeys keys;

    @Test
    void aRecordsOwnerMustHoldAKey() throws Exception {
        String ana = keys.issue("ana", false).token();
        String bo = keys.issue("bo", false).token();
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(Files.createTempDirectory("pixflow-owned"), 320, 240));

        send(jpeg, "ana");
        send(jpeg, "mallory");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !images(ana).isEmpty());
        JsonNode image = images(ana).getFirst();
        assertThat(image.get("owner").asText()).isEqualTo("ana");
        assertThat(images(bo)).isEmpty();

        // A record over the upload limit, though under the records' own, is refused as an upload would be.
        send(new byte[150 * 1024], "ana");

        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(2);
        assertThat(new String(dead.get(0).headers().lastHeader("owner").value(), StandardCharsets.UTF_8)).isEqualTo("mallory");
        assertThat(new String(dead.get(0).headers().lastHeader("pixflow-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("unknown-owner");
        assertThat(new String(dead.get(1).headers().lastHeader("pixflow-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("too-large");
        assertThat(new String(dead.get(1).headers().lastHeader("pixflow-reason-detail").value(), StandardCharsets.UTF_8))
                .contains("pixflow.upload.max-bytes");
        assertThat(images(ana)).hasSize(1);
    }

    private List<JsonNode> images(String token) {
        var response = http().send(http().request("/v1/images?tag=owned").header("Authorization", "Bearer " + token)
                .GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        Http.json(response).get("items").forEach(items::add);
        return items;
    }

    private static void send(byte[] value, String owner) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, null, value);
            record.headers().add("owner", owner.getBytes(StandardCharsets.UTF_8));
            record.headers().add("tags", "owned".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** The first {@code n} records of the dead-letter topic, in the order they came. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(int n) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC + ".DLT"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                return found.size() >= n;
            });
        }
        assertThat(found).hasSize(n);
        return found;
    }
}
