package dev.pixflow.app.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code pixflow.ingest.kafka.*}: images read from a Kafka topic by processes with the {@code ingest}
 * role. Nothing is read unless both {@code bootstrap-servers} and {@code topic} are set.
 *
 * @param bootstrapServers the Kafka brokers of the topic to read; with {@code topic}, turns ingestion on
 * @param topic            the topic whose records become images; none: off
 * @param groupId          the consumer group; its committed offsets are where a restart goes on
 * @param deadLetterTopic  where bad records go, default {@code <topic>.DLT}
 * @param maxRecordBytes   the largest image carried in a record's value (a reference fetches up to the
 *                         upload limit)
 * @param owner            whose images records without an {@code owner} header become
 * @param concurrency      consumers in this process (at most one per partition does work)
 * @param s3Buckets        the buckets an {@code s3://} reference may name; none: s3 references are refused
 * @param retries          attempts after the first for a failure that may pass (database busy, fetch timeout)
 * @param retryBackoff     the first wait between those attempts, doubled each time up to a minute
 * @param properties       passed to the Kafka clients as they are (security.protocol, sasl.*, ssl.*)
 * @param marksRetention   marks of ingested records older than this are pruned: a record redelivered later is
 *                         caught only by the image id derived from it, while that image exists
 */
@ConfigurationProperties("pixflow.ingest.kafka")
public record IngestProperties(String bootstrapServers, String topic, @DefaultValue("pixflow-ingest") String groupId,
                               String deadLetterTopic, @DefaultValue("10MB") DataSize maxRecordBytes,
                               @DefaultValue("anonymous") String owner, @DefaultValue("1") int concurrency,
                               @DefaultValue List<String> s3Buckets, @DefaultValue("5") int retries,
                               @DefaultValue("1s") Duration retryBackoff, @DefaultValue Map<String, String> properties,
                               @DefaultValue("30d") Duration marksRetention) {

    public String deadLetterTopicOrDefault() {
        return deadLetterTopic == null || deadLetterTopic.isBlank() ? topic + ".DLT" : deadLetterTopic;
    }
}
