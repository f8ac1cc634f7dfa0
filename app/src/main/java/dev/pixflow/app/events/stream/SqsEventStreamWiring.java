package dev.pixflow.app.config;

import dev.pixflow.adapter.queue.sqs.SqsClients;
import dev.pixflow.adapter.queue.sqs.SqsEventPublisher;
import dev.pixflow.app.events.stream.EventRelayLoop;
import dev.pixflow.app.events.stream.EventStreamProperties;
import dev.pixflow.app.webhooks.WebhookPayloads;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.RelayEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code pixflow.events.sqs.queue-url}: every event on an SQS queue, relayed by worker processes. The
 * job queue's client when jobs are on SQS, otherwise one made from the same {@code pixflow.queue.sqs}
 * settings (region, endpoint, keys).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.WORKER)
@ConditionalOnProperty(name = "pixflow.events.sqs.queue-url")
@EnableConfigurationProperties(EventStreamProperties.class)
public class SqsEventStreamWiring {
    /** The cursor's name in {@code event_cursors}. */
    public static final String SQS_CURSOR = "stream:sqs";

    /** Only when jobs are not on SQS: otherwise the job queue's client is the one bean of its type. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "pixflow.queue.type", havingValue = "sqlite", matchIfMissing = true)
    SqsClient eventsSqsClient(ScaleOutProperties scaleOut) {
        ScaleOutProperties.Sqs sqs = scaleOut.queue().sqs();
        return SqsClients.create(sqs.region(), Optional.ofNullable(sqs.endpoint()), S3StorageWiring.blank(sqs.accessKey()),
                S3StorageWiring.blank(sqs.secretKey()));
    }

    @Bean
    EventRelayLoop sqsEventRelay(SqsClient client, EventStreamProperties props, WebhookPayloads payloads, EventLog events,
                                 EventCursors cursors, Clock clock, MeterRegistry registry) {
        RelayEvents relay = new RelayEvents(events, cursors, new SqsEventPublisher(client, props.sqs().queueUrl(),
                e -> new String(payloads.body(e), StandardCharsets.UTF_8)), SQS_CURSOR, EventRelayLoop.processHolder(),
                props.batch(), props.lease(), clock);
        return new EventRelayLoop(relay, events, props.poll(), registry, "sqs");
    }
}
