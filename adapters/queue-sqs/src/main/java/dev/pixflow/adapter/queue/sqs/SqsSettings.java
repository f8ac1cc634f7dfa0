package dev.pixflow.adapter.queue.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Which queues the job queue uses and how it polls them.
 *
 * @param queueUrl           the jobs queue; its redrive policy names {@code deadLetterQueueUrl}'s queue
 * @param deadLetterQueueUrl where a job goes after its last attempt
 * @param endpoint           set for an SQS-compatible server (ElasticMQ); empty for AWS
 * @param accessKey          explicit credentials; empty: the SDK's default provider chain
 * @param maxAttempts        receives before a job is dead; the queue's redrive policy, when it has one, wins
 * @param longPoll           how long one receive waits for a message (SQS allows up to 20 s)
 */
public record SqsSettings(
        URI queueUrl,
        URI deadLetterQueueUrl,
        String region,
        Optional<URI> endpoint,
        Optional<String> accessKey,
        Optional<String> secretKey,
        int maxAttempts,
        Duration longPoll) {

    public SqsSettings {
        if (queueUrl == null || deadLetterQueueUrl == null) {
            throw new IllegalArgumentException("the SQS queue and its dead-letter queue must both be named");
        }
        if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("SQS long polls last 0 to 20 seconds");
        }
    }
}
