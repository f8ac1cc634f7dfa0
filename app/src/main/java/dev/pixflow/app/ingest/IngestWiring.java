package dev.pixflow.app.ingest;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3ObjectReader;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.importing.ImportProperties;
import dev.pixflow.app.importing.UrlFetcher;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.usecase.IngestRecord;
import dev.pixflow.core.usecase.UploadImage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ingest} role: a consumer group on {@code pixflow.ingest.kafka.topic}. Offsets are
 * committed per record (AckMode.RECORD, no auto-commit) after the listener returns, which is after the
 * image and its mark are committed; a bad record goes to the dead-letter topic at once, any other
 * failure is retried with backoff and, when the retries run out, dead-lettered too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.INGEST)
@ConditionalOnProperty(prefix = "pixflow.ingest.kafka", name = {"bootstrap-servers", "topic"})
@EnableConfigurationProperties({IngestProperties.class, ImportProperties.class})
public class IngestWiring {
    /** The header that says in a word why a record was dead-lettered. */
    public static final String REASON_HEADER = "pixflow-reason";
    /** Its human-readable explanation. */
    public static final String REASON_DETAIL_HEADER = "pixflow-reason-detail";
    private static final int HEADROOM = 64 * 1024;

    @Bean
    IngestRecord ingestRecord(IngestedRecords records, ImageRecords images, UploadImage uploads, Clock clock) {
        return new IngestRecord(records, images, uploads, clock);
    }

    /** With a URL client of its own: a second UrlFetcher bean would leave the import's ambiguous. */
    @Bean(destroyMethod = "close")
    RecordContent ingestRecordContent(IngestProperties ingest, ImportProperties importProps, ObjectProvider<S3BlobStore> s3,
                                      ApiKeyStore keys, UploadImage uploads) {
        return new RecordContent(ingest, new UrlFetcher(importProps), Optional.ofNullable(s3.getIfAvailable())
                .map(blobs -> new S3ObjectReader(blobs.client())), keys, uploads.maxBytes());
    }

    @Bean
    KafkaTemplate<byte[], byte[]> ingestDeadLetterTemplate(IngestProperties ingest) {
        Map<String, Object> config = clientConfig(ingest);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pixflow-ingest-dlt");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.toIntExact(Math.max(1 << 20, ingest.maxRecordBytes().toBytes() + HEADROOM)));
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> ingestContainer(IngestProperties ingest, IngestRecord ingestRecord,
                                                                       RecordContent ingestRecordContent,
                                                                       MeterRegistry registry,
                                                                       KafkaTemplate<byte[], byte[]> ingestDeadLetterTemplate) {
        Map<String, Object> config = clientConfig(ingest);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, ingest.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Records are slow to handle (a fetch, a decode): few per poll, so a poll's batch ends well within max.poll.interval.
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        int fetch = Math.toIntExact(Math.max(1 << 20, ingest.maxRecordBytes().toBytes() + HEADROOM));
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetch);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(fetch, 50 << 20));

        ContainerProperties container = new ContainerProperties(ingest.topic());
        container.setAckMode(ContainerProperties.AckMode.RECORD);
        container.setGroupId(ingest.groupId());
        container.setClientId("pixflow-ingest");
        container.setMessageListener(new IngestListener(ingestRecord, ingestRecordContent, registry));

        ConcurrentMessageListenerContainer<byte[], byte[]> listener =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), container);
        listener.setConcurrency(ingest.concurrency());
        listener.setCommonErrorHandler(errorHandler(ingest, ingestDeadLetterTemplate, records(registry, "dead-lettered")));
        listener.setBeanName("pixflow-ingest");
        return listener;
    }

    /** {@code pixflow_ingest_records_total{outcome}}: ingested, again (a redelivery), dead-lettered. */
    static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("pixflow.ingest.records").description("Kafka records handled by ingestion, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static DefaultErrorHandler errorHandler(IngestProperties ingest, KafkaTemplate<byte[], byte[]> template,
                                                    Counter deadLettered) {
        String deadLetters = ingest.deadLetterTopicOrDefault();
        // Partition -1: the producer picks one, so the dead-letter topic needs no more partitions than it has.
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(deadLetters, -1));
        recoverer.setHeadersFunction((record, e) -> {
            RecordHeaders headers = new RecordHeaders();
            BadRecordException bad = badRecord(e);
            headers.add(REASON_HEADER, (bad != null ? bad.reason() : "retries-exhausted").getBytes(StandardCharsets.UTF_8));
            headers.add(REASON_DETAIL_HEADER, detail(bad != null ? bad : e).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(ingest.retries());
        backOff.setInitialInterval(ingest.retryBackoff().toMillis());
        backOff.setMultiplier(2);
        backOff.setMaxInterval(Duration.ofMinutes(1).toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> {
            recoverer.accept(record, e);
            deadLettered.increment();
        }, backOff);
        handler.addNotRetryableExceptions(BadRecordException.class);
        // The record is dealt with once it is in the dead-letter topic: commit past it.
        handler.setCommitRecovered(true);
        return handler;
    }

    private static BadRecordException badRecord(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadRecordException bad) {
                return bad;
            }
        }
        return null;
    }

    /** The innermost message: the listener's failure arrives wrapped by the container. */
    private static String detail(Throwable e) {
        if (e instanceof BadRecordException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Map<String, Object> clientConfig(IngestProperties ingest) {
        Map<String, Object> config = new HashMap<>(ingest.properties());
        config.put("bootstrap.servers", ingest.bootstrapServers());
        return config;
    }
}
