package dev.pixflow.app.events.stream;

import dev.pixflow.app.config.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code pixflow.events.*}: where worker processes publish every event besides webhooks. Each
 * destination is off until its topic or queue is set.
 *
 * @param poll  how often the relays look for events other processes appended (this process's own wake them)
 * @param batch events read and published at a time, 1 to 10000
 * @param lease how long a process holds a destination's cursor without renewing it
 * @param retention events older than this are pruned once every reader has passed them; at least 2 days
 */
@ConfigurationProperties("pixflow.events")
public record EventStreamProperties(@DefaultValue Kafka kafka, @DefaultValue Sqs sqs, @DefaultValue("1s") Duration poll,
                                    @DefaultValue("100") int batch, @DefaultValue("30s") Duration lease,
                                    @DefaultValue("30d") Duration retention) {

    /** A batch of none would publish nothing, silently; a negative one read without a limit. */
    public EventStreamProperties {
        Settings.between("pixflow.events.batch", batch, 1, 10_000);
    }

    /**
     * {@code pixflow.events.kafka.*}: a topic, keyed by image id.
     *
     * @param bootstrapServers the Kafka brokers events are published to; with {@code topic}, turns the Kafka
     *                         event stream on
     * @param topic            the topic events are published to, keyed by image id; none: off
     * @param properties       passed to the producer as they are (security.protocol, sasl.*, ssl.*)
     */
    public record Kafka(String bootstrapServers, String topic, @DefaultValue Map<String, String> properties) {
    }

    /**
     * {@code pixflow.events.sqs.*}: a queue, with the client settings of {@code pixflow.queue.sqs}.
     *
     * @param queueUrl the SQS queue events are sent to (a {@code .fifo} queue keeps each image's events in
     *                 order); none: off
     */
    public record Sqs(String queueUrl) {
    }
}
