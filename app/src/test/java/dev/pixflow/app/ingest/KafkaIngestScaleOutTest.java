package dev.pixflow.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.testing.servers.S3Server;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingestion in the scale-out mode (blobs on s3proxy, jobs on ElasticMQ, the catalogue and the record
 * marks in PostgreSQL): an {@code s3://} reference to a listed bucket becomes an image, once however
 * often its keyed record comes; a bucket not listed and a missing object are dead-lettered with their
 * reason. The image's events reach the event topic through the PostgreSQL cursor.
 */
// Closed after the class, while the broker still runs: its consumers and relays leave cleanly.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaIngestScaleOutTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String TOPIC = "drops";
    static final String EVENTS = "drops-events";
    static final EmbeddedKafkaKraftBroker KAFKA = new EmbeddedKafkaKraftBroker(1, 2, TOPIC, TOPIC + ".DLT", EVENTS);
    static final Map<String, String> SERVERS = ScaleOutServers.all("kingest");
    static final String DROP = "kingest-drop";
    static final String OTHER = "kingest-other";
    private static byte[] jpeg;

    static {
        KAFKA.afterPropertiesSet();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(SERVERS.get("pixflow.storage.s3.endpoint")))
                .region(Region.of(S3Server.REGION)).forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build()) {
            jpeg = Files.readAllBytes(TestImages.jpeg(Files.createTempDirectory("pixflow-drop"), 500, 400));
            for (String bucket : List.of(DROP, OTHER)) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putObject(b -> b.bucket(bucket).key("cameras/7/lighthouse.jpg").contentType("image/jpeg"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(jpeg));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        SERVERS.forEach((k, v) -> r.add(k, () -> v));
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.ingest.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        r.add("pixflow.ingest.kafka.topic", () -> TOPIC);
        r.add("pixflow.ingest.kafka.s3-buckets", () -> DROP);
        r.add("pixflow.events.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        r.add("pixflow.events.kafka.topic", () -> EVENTS);
        r.add("pixflow.events.poll", () -> "200ms");
    }

    @Test
    void anS3ReferenceBecomesOneImageAndItsEventsAreStreamed() throws Exception {
        byte[] reference = ("{\"s3\": \"s3://" + DROP + "/cameras/7/lighthouse.jpg\"}").getBytes(StandardCharsets.UTF_8);
        send("drop-1", reference, "s3-drop");
        RecordMetadata again = send("drop-1", reference, "s3-drop");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !images("s3-drop").isEmpty());
        String id = images("s3-drop").getFirst().get("id").asText();
        JsonNode image = awaitReady(id);
        assertThat(image.get("filename").asText()).isEqualTo("lighthouse.jpg");
        assertThat(image.get("bytes").asLong()).isEqualTo(jpeg.length);

        assertThat(firstEventOf(id).get("type").asText()).isEqualTo("image.stored");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> committed(new TopicPartition(TOPIC, again.partition())) > again.offset());
        assertThat(images("s3-drop")).hasSize(1);
    }

    @Test
    void aBucketNotListedAndAMissingObjectAreDeadLettered() {
        send("bad-1", ("{\"s3\": \"s3://" + OTHER + "/cameras/7/lighthouse.jpg\"}").getBytes(StandardCharsets.UTF_8), "s3-bad");
        send("bad-2", ("{\"s3\": \"s3://" + DROP + "/cameras/7/missing.jpg\"}").getBytes(StandardCharsets.UTF_8), "s3-bad");

        List<String> reasons = deadLetters(2).stream()
                .filter(r -> List.of("bad-1", "bad-2").contains(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> new String(r.headers().lastHeader("pixflow-reason").value(), StandardCharsets.UTF_8)).toList();
        assertThat(reasons).containsExactlyInAnyOrder("s3-bucket-refused", "s3-not-found");
        assertThat(images("s3-bad")).isEmpty();
    }

    private static RecordMetadata send(String key, byte[] value, String tag) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value);
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            record.headers().add("tags", tag.getBytes(StandardCharsets.UTF_8));
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ingest group's committed offset on a partition: the next record it will read. */
    private static long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString()))) {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets("pixflow-ingest").partitionsToOffsetAndMetadata().get()
                    .get(partition);
            return at == null ? 0 : at.offset();
        }
    }

    private List<JsonNode> images(String tag) {
        var response = http().get("/v1/images?tag=" + tag);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        Http.json(response).get("items").forEach(items::add);
        return items;
    }

    /** At least {@code count} records from the dead-letter topic. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(int count) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            consumer.subscribe(List.of(TOPIC + ".DLT"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                return found.size() >= count;
            });
        }
        return found;
    }

    private static JsonNode firstEventOf(String id) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key())) {
                        events.add(json.readTree(record.value()));
                    }
                }
                return !events.isEmpty();
            });
        }
        return events.getFirst();
    }
}
