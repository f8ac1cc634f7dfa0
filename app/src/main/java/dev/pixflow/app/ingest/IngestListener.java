package dev.pixflow.app.ingest;

import dev.pixflow.app.importing.ImportFailedException;
import dev.pixflow.app.importing.UrlRefusedException;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.usecase.IngestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Makes each record an image. It returns only once the image (and the record's mark) is committed;
 * the container commits the record's offset after that, never before. What can never succeed is a
 * {@link BadRecordException}, sent to the dead-letter topic at once; anything else is retried.
 */
final class IngestListener implements MessageListener<byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestListener.class);

    private final IngestRecord ingest;
    private final RecordContent content;
    private final Counter ingested;
    private final Counter again;

    IngestListener(IngestRecord ingest, RecordContent content, MeterRegistry registry) {
        this.ingest = ingest;
        this.content = content;
        this.ingested = IngestWiring.records(registry, "ingested");
        this.again = IngestWiring.records(registry, "again");
    }

    @Override
    public void onMessage(ConsumerRecord<byte[], byte[]> record) {
        String name = name(record);
        try {
            IngestRecord.Ingested done = ingest.ingest(name, Instant.ofEpochMilli(record.timestamp()),
                    () -> content.open(record));
            LOG.info("record {} ({}-{}@{}) {} image {}", name, record.topic(), record.partition(), record.offset(),
                    done.again() ? "already was" : "became", done.image().value());
            (done.again() ? again : ingested).increment();
        } catch (RejectedImageException e) {
            throw new BadRecordException(e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.getMessage(), e);
        } catch (UrlRefusedException e) {
            throw new BadRecordException("url-refused", e.getMessage(), e);
        } catch (ImportFailedException e) {
            // A 4xx is the remote's final word on that URL; 5xx, 408, 429 and no answer may pass, and are retried.
            if (e.refusedForGood()) {
                int status = e.status().getAsInt();
                throw new BadRecordException(status == 404 || status == 410 ? "url-not-found" : "url-status-4xx",
                        e.getMessage(), e);
            }
            throw e;
        } catch (InvalidInputException e) {
            throw new BadRecordException("invalid-" + e.field(), e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record's producer key where it has one (a producer that re-sends a record with its key makes
     * no second image), otherwise its place in the topic and its timestamp: a topic deleted and made
     * again starts its offsets anew, and its records are not the old ones that held those places. Keys
     * are hashed: they may be long or binary.
     */
    static String name(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null && record.key().length > 0) {
            return record.topic() + "/key/" + sha256(record.key());
        }
        return record.topic() + "/" + record.partition() + "/" + record.offset() + "@" + record.timestamp();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
