package dev.pixflow.app.events.stream;

import dev.pixflow.adapter.queue.sqs.SqsEventPublisher;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.config.SqsQueueWiring;
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
    @ConditionalOnBackend(queue = Backends.Queue.SQLITE)
    SqsClient eventsSqsClient(PixflowProperties props) {
        PixflowProperties.Sqs sqs = props.queue().sqs();
        return SqsQueueWiring.client(sqs);
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
