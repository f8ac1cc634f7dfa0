package dev.pixflow.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Which engines hold the blobs, the jobs and the catalogue. The defaults are the embedded ones
 * (local disk, SQLite); {@code s3}, {@code sqs} and {@code postgres} are for running many processes.
 */
@ConfigurationProperties("pixflow")
public record ScaleOutProperties(@DefaultValue Storage storage, @DefaultValue QueueEngine queue, @DefaultValue Metadata metadata) {

    /** {@code pixflow.storage.type}: {@code fs} (default) or {@code s3}. */
    public record Storage(@DefaultValue("fs") String type, @DefaultValue S3 s3) {
    }

    /**
     * {@code pixflow.storage.s3.*}. Credentials come from the AWS SDK's default provider chain
     * (environment, profile, web identity, container or instance role) unless an access key is set.
     * {@code incomingQueueUrl}: the queue the originals bucket sends ObjectCreated events to; objects
     * written under {@code incomingPrefix} then become images of {@code incomingOwner} (by default the
     * owner of images uploaded while no API key exists).
     */
    public record S3(String originalsBucket, String renditionsBucket, @DefaultValue("us-east-1") String region,
                     URI endpoint, @DefaultValue("false") boolean pathStyle, String sse, String kmsKeyId,
                     String renditionsStorageClass, String accessKey, String secretKey,
                     @DefaultValue("16777216") long multipartThreshold, @DefaultValue("8388608") long partSize,
                     URI incomingQueueUrl, @DefaultValue("incoming/") String incomingPrefix,
                     @DefaultValue("anonymous") String incomingOwner) {
    }

    /** {@code pixflow.queue.type}: {@code sqlite} (default) or {@code sqs}. */
    public record QueueEngine(@DefaultValue("sqlite") String type, @DefaultValue Sqs sqs) {
    }

    /**
     * {@code pixflow.queue.sqs.*}: the jobs queue and its dead-letter queue by URL, or by name with
     * {@code create=true} (development and tests: Pixflow creates both, joined by a redrive policy).
     */
    public record Sqs(URI queueUrl, URI deadLetterQueueUrl, @DefaultValue("false") boolean create,
                      @DefaultValue("pixflow-jobs") String queueName, @DefaultValue("us-east-1") String region,
                      URI endpoint, String accessKey, String secretKey, @DefaultValue("10s") Duration longPoll,
                      @DefaultValue("1s") Duration relayPoll) {
    }

    /** {@code pixflow.metadata.type}: {@code sqlite} (default) or {@code postgres}. */
    public record Metadata(@DefaultValue("sqlite") String type, @DefaultValue Postgres postgres) {
    }

    /** {@code pixflow.metadata.postgres.*}. */
    public record Postgres(String url, String user, String password, @DefaultValue("10") int poolSize) {
    }
}
