package dev.pixflow.app.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the brokers answer and know the topic ingestion reads: with either missing, ingestion takes
 * nothing. One admin client for the life of the process, with the consumer's own client properties
 * (security.protocol, sasl.*, ssl.*).
 */
final class KafkaTopicCheck implements BoundedCheck.Probe, AutoCloseable {
    private final Admin admin;
    private final String topic;
    private final Duration timeout;

    KafkaTopicCheck(String bootstrapServers, String topic, Map<String, String> clientProperties, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pixflow-health");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(config);
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void check() throws Exception {
        admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
