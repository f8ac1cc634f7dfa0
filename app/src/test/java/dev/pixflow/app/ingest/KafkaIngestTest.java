package dev.pixflow.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records on a topic of an in-process Kafka broker become images exactly as uploads would: bytes with
 * their headers, and a URL fetched from a local server. A record delivered again (the same key
 * re-sent, or re-read after a restart from an offset the group had not committed) makes no second
 * image; bad records land in the dead-letter topic with their reason and make none, a passing failure
 * is retried and one that lasts is dead-lettered when the retries run out; the group's offset moves
 * past a record only once its image exists.
 */
// Closed after the class, while the broker still runs: its consumers and relays leave cleanly.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaIngestTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String TOPIC = "photos";
    static final String DLT = TOPIC + ".DLT";
    static final String GROUP = "pixflow-ingest-test";
    static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    static final EmbeddedKafkaKraftBroker KAFKA = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, DLT);
    private static HttpServer origin;
    private static byte[] jpeg;
    private static final CountDownLatch slowAsked = new CountDownLatch(1);
    private static final CountDownLatch slowRelease = new CountDownLatch(1);
    private static final AtomicInteger flakyAsked = new AtomicInteger();
    private static final AtomicInteger downAsked = new AtomicInteger();
    private static final AtomicInteger missingAsked = new AtomicInteger();
    private static final AtomicInteger forbiddenAsked = new AtomicInteger();
    private static final AtomicInteger busyAsked = new AtomicInteger();

    static {
        KAFKA.afterPropertiesSet();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.ingest.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        r.add("pixflow.ingest.kafka.topic", () -> TOPIC);
        r.add("pixflow.ingest.kafka.group-id", () -> GROUP);
        r.add("pixflow.ingest.kafka.max-record-bytes", () -> "200KB");
        r.add("pixflow.ingest.kafka.retries", () -> "1");
        r.add("pixflow.ingest.kafka.retry-backoff", () -> "100ms");
        r.add("pixflow.import.allow-loopback", () -> "true");
    }

    @Autowired
    ConcurrentMessageListenerContainer<byte[], byte[]> ingestContainer;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry registry;

    @BeforeAll
    static void startOrigin() throws Exception {
        jpeg = Files.readAllBytes(TestImages.jpeg(Files.createTempDirectory("pixflow-origin"), 640, 480));
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/photos/pier.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg);
            x.close();
        });
        origin.createContext("/photos/flaky.jpg", x -> {
            // Unavailable once, then there: a passing failure, retried.
            if (flakyAsked.getAndIncrement() == 0) {
                x.sendResponseHeaders(503, -1);
            } else {
                x.getResponseHeaders().add("Content-Type", "image/jpeg");
                x.sendResponseHeaders(200, jpeg.length);
                x.getResponseBody().write(jpeg);
            }
            x.close();
        });
        origin.createContext("/photos/down.jpg", x -> {
            downAsked.incrementAndGet();
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        origin.createContext("/photos/missing.jpg", x -> {
            missingAsked.incrementAndGet();
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        origin.createContext("/photos/forbidden.jpg", x -> {
            forbiddenAsked.incrementAndGet();
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        origin.createContext("/photos/busy.jpg", x -> {
            // Too many requests once: a 4xx that passes, retried like a 503.
            if (busyAsked.getAndIncrement() == 0) {
                x.sendResponseHeaders(429, -1);
            } else {
                x.getResponseHeaders().add("Content-Type", "image/jpeg");
                x.sendResponseHeaders(200, jpeg.length);
                x.getResponseBody().write(jpeg);
            }
            x.close();
        });
        origin.createContext("/photos/slow.jpg", x -> {
            slowAsked.countDown();
            try {
                slowRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, jpeg.length);
            x.getResponseBody().write(jpeg);
            x.close();
        });
        origin.start();
    }

    @AfterAll
    static void stop() {
        slowRelease.countDown();
        origin.stop(0);
    }

    @Test
    void aRecordOfBytesBecomesAnImageWithItsHeaders() {
        send(null, jpeg, Map.of("filename", "harbour.jpg", "content-type", "image/jpeg", "tags", "kafka-bytes, Sea",
                "title", "Harbour at dawn"));

        JsonNode image = awaitReady(awaitOne("kafka-bytes").get("id").asText());
        assertThat(image.get("filename").asText()).isEqualTo("harbour.jpg");
        assertThat(image.get("title").asText()).isEqualTo("Harbour at dawn");
        assertThat(image.get("tags")).extracting(JsonNode::asText).containsExactly("kafka-bytes", "sea");
        assertThat(image.get("owner").asText()).isEqualTo("anonymous");
        assertThat(image.get("width").asInt()).isEqualTo(640);
        assertThat(http().bytes(http().request("/i/" + image.get("id").asText() + "/original").GET().build()).body())
                .isEqualTo(jpeg);
    }

    @Test
    void aRecordWithAUrlBecomesTheImageFetchedFromIt() {
        send(null, json("{\"url\": \"http://127.0.0.1:" + origin.getAddress().getPort() + "/photos/pier.jpg\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-url"));

        JsonNode image = awaitReady(awaitOne("kafka-url").get("id").asText());
        assertThat(image.get("filename").asText()).isEqualTo("pier.jpg");
        assertThat(image.get("bytes").asLong()).isEqualTo(jpeg.length);
    }

    @Test
    void theSameKeyReSentMakesOneImage() {
        Map<String, String> headers = Map.of("content-type", "image/jpeg", "tags", "kafka-key");
        send("order-17", jpeg, headers);
        long second = send("order-17", jpeg, headers);

        awaitCommittedPast(second);
        assertThat(images("kafka-key")).hasSize(1);
        assertThat(registry.get("pixflow.ingest.records").tag("outcome", "again").counter().count()).isPositive();
    }

    @Test
    void aRecordReReadFromAnUncommittedOffsetMakesNoSecondImage() throws Exception {
        long offset = send(null, jpeg, Map.of("content-type", "image/jpeg", "tags", "kafka-reread"));
        awaitCommittedPast(offset);
        String id = awaitOne("kafka-reread").get("id").asText();

        // As if the process had died after the image and before the commit: the group is back on the record.
        rewindTo(offset);
        awaitCommittedPast(offset);
        assertThat(images("kafka-reread")).extracting(i -> i.get("id").asText()).containsExactly(id);

        // And had died even before the record was marked: the image made from it is found by its id.
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM ingested_records WHERE record_id LIKE '" + TOPIC + "/0/" + offset + "@%'"))
                    .isEqualTo(1);
        }
        rewindTo(offset);
        awaitCommittedPast(offset);
        assertThat(images("kafka-reread")).extracting(i -> i.get("id").asText()).containsExactly(id);
    }

    @Test
    void aNonImageAndAnOversizeRecordGoToTheDeadLetterTopicWithTheirReason() {
        long text = send(null, "not an image at all".getBytes(StandardCharsets.UTF_8), Map.of("tags", "kafka-bad"));
        byte[] big = new byte[300 * 1024];
        new Random(7).nextBytes(big);
        long oversize = send(null, big, Map.of("content-type", "image/jpeg", "tags", "kafka-bad"));
        long refused = send(null, json("{\"url\": \"http://169.254.169.254/latest/meta-data/\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-bad"));

        Map<Long, ConsumerRecord<byte[], byte[]>> dead = deadLetters(text, oversize, refused);
        assertThat(header(dead.get(text), "pixflow-reason")).isEqualTo("not-an-image");
        assertThat(header(dead.get(oversize), "pixflow-reason")).isEqualTo("too-large");
        assertThat(header(dead.get(refused), "pixflow-reason")).isEqualTo("url-refused");
        assertThat(header(dead.get(oversize), "pixflow-reason-detail")).contains("max-record-bytes");
        assertThat(header(dead.get(text), "kafka_dlt-exception-message")).isNotBlank();
        assertThat(dead.get(oversize).value()).as("the record as it was").isEqualTo(big);
        awaitCommittedPast(refused);
        assertThat(images("kafka-bad")).isEmpty();
        assertThat(registry.get("pixflow.ingest.records").tag("outcome", "dead-lettered").counter().count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPassingFailureIsRetriedAndOneThatLastsIsDeadLetteredWhenTheRetriesRunOut() {
        String base = "http://127.0.0.1:" + origin.getAddress().getPort() + "/photos/";
        send(null, json("{\"url\": \"" + base + "flaky.jpg\"}"), Map.of("content-type", "application/json", "tags", "kafka-flaky"));
        long down = send(null, json("{\"url\": \"" + base + "down.jpg\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-down"));

        awaitReady(awaitOne("kafka-flaky").get("id").asText());
        assertThat(flakyAsked.get()).isEqualTo(2);
        ConsumerRecord<byte[], byte[]> dead = deadLetters(down).get(down);
        assertThat(header(dead, "pixflow-reason")).isEqualTo("retries-exhausted");
        assertThat(header(dead, "pixflow-reason-detail")).contains("503");
        assertThat(downAsked.get()).as("the first try and one retry").isEqualTo(2);
        assertThat(images("kafka-down")).isEmpty();
    }

    @Test
    void aUrlTheRemoteRefusesIsDeadLetteredAtOnceWhileTooManyRequestsIsRetried() {
        String base = "http://127.0.0.1:" + origin.getAddress().getPort() + "/photos/";
        long missing = send(null, json("{\"url\": \"" + base + "missing.jpg\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-refused"));
        long forbidden = send(null, json("{\"url\": \"" + base + "forbidden.jpg\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-refused"));
        send(null, json("{\"url\": \"" + base + "busy.jpg\"}"), Map.of("content-type", "application/json", "tags", "kafka-busy"));

        Map<Long, ConsumerRecord<byte[], byte[]>> dead = deadLetters(missing, forbidden);
        assertThat(header(dead.get(missing), "pixflow-reason")).isEqualTo("url-not-found");
        assertThat(header(dead.get(missing), "pixflow-reason-detail")).contains("answered 404");
        assertThat(header(dead.get(forbidden), "pixflow-reason")).isEqualTo("url-status-4xx");
        assertThat(header(dead.get(forbidden), "pixflow-reason-detail")).contains("answered 403");
        assertThat(missingAsked.get()).as("asked once: no retry").isEqualTo(1);
        assertThat(forbiddenAsked.get()).as("asked once: no retry").isEqualTo(1);

        awaitReady(awaitOne("kafka-busy").get("id").asText());
        assertThat(busyAsked.get()).as("a 429 is retried").isEqualTo(2);
        assertThat(images("kafka-refused")).isEmpty();
    }

    @Test
    void theGroupsOffsetMovesPastARecordOnlyOnceItsImageExists() throws Exception {
        long before = committed();
        long offset = send(null, json("{\"url\": \"http://127.0.0.1:" + origin.getAddress().getPort() + "/photos/slow.jpg\"}"),
                Map.of("content-type", "application/json", "tags", "kafka-slow"));
        assertThat(slowAsked.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // The record is in hand, its image not yet made: the group has not moved past it.
        assertThat(images("kafka-slow")).isEmpty();
        assertThat(committed()).isLessThanOrEqualTo(offset).isGreaterThanOrEqualTo(before);

        slowRelease.countDown();
        awaitCommittedPast(offset);
        assertThat(images("kafka-slow")).hasSize(1);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long send(String key, byte[] value, Map<String, String> headers) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, 0,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            RecordMetadata sent = producer.send(record).get();
            return sent.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> images(String tag) {
        var response = http().get("/v1/images?tag=" + tag + "&limit=50");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        Http.json(response).get("items").forEach(items::add);
        return items;
    }

    private JsonNode awaitOne(String tag) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !images(tag).isEmpty());
        List<JsonNode> found = images(tag);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** The group's committed offset on the partition: the next record it will read. */
    private static long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString()))) {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(PARTITION);
            return at == null ? 0 : at.offset();
        }
    }

    private static void awaitCommittedPast(long offset) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> committed() > offset);
    }

    /** Stops the consumers, sets the group's offset back, and starts them again. */
    private void rewindTo(long offset) throws Exception {
        ingestContainer.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString()))) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(PARTITION, new OffsetAndMetadata(offset))).all().get();
        }
        assertThat(committed()).isEqualTo(offset);
        ingestContainer.start();
    }

    /** The dead-letter topic's records, by the offset they had in the topic, once those of {@code offsets} are there. */
    private static Map<Long, ConsumerRecord<byte[], byte[]>> deadLetters(Long... offsets) {
        Map<Long, ConsumerRecord<byte[], byte[]>> byOffset = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(DLT));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> byOffset.put(
                        Long.parseLong(header(r, "kafka_dlt-original-offset")), r));
                return byOffset.keySet().containsAll(List.of(offsets));
            });
        }
        return byOffset;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) {
            return null;
        }
        if (name.equals("kafka_dlt-original-offset")) {
            return Long.toString(java.nio.ByteBuffer.wrap(h.value()).getLong());
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
