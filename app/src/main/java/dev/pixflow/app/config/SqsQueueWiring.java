package dev.pixflow.app.config;

import dev.pixflow.adapter.queue.sqs.SqsClients;
import dev.pixflow.adapter.queue.sqs.SqsJobQueue;
import dev.pixflow.adapter.queue.sqs.SqsQueues;
import dev.pixflow.adapter.queue.sqs.SqsSettings;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.Outbox;
import dev.pixflow.core.usecase.RelayOutbox;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pixflow.queue.type=sqs}: jobs on Amazon SQS. The catalogue still commits each record with its
 * job, into its outbox; a relay in every process moves committed jobs to SQS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(queue = Backends.Queue.SQS)
public class SqsQueueWiring {

    /** A client of the queues' region and endpoint, with explicit keys where set. */
    public static SqsClient client(PixflowProperties.Sqs sqs) {
        return SqsClients.create(sqs.region(), Optional.ofNullable(sqs.endpoint()), PixflowProperties.optional(sqs.accessKey()),
                PixflowProperties.optional(sqs.secretKey()));
    }

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(PixflowProperties props) {
        PixflowProperties.Sqs sqs = props.queue().sqs();
        return client(sqs);
    }

    @Bean
    SqsJobQueue jobQueue(SqsClient client, PixflowProperties props, Clock clock) {
        PixflowProperties.Sqs sqs = props.queue().sqs();
        SqsQueues.Pair queues = sqs.create()
                ? SqsQueues.ensure(client, sqs.queueName(), props.queue().maxAttempts())
                : new SqsQueues.Pair(sqs.queueUrl(), sqs.deadLetterQueueUrl());
        return new SqsJobQueue(client, new SqsSettings(queues.queueUrl(), queues.deadLetterQueueUrl(), sqs.region(),
                Optional.ofNullable(sqs.endpoint()), PixflowProperties.optional(sqs.accessKey()),
                PixflowProperties.optional(sqs.secretKey()), props.queue().maxAttempts(), sqs.longPoll()), clock);
    }

    @Bean(destroyMethod = "close")
    RelayOutbox relayOutbox(Outbox outbox, JobQueue queue, PixflowProperties props) {
        return new RelayOutbox(outbox, queue, props.queue().sqs().relayPoll());
    }

    /**
     * Relays from start to stop in the processes that commit jobs (upload, multipart, ingest); stopped after the
     * web server, so the last uploads' jobs still go out. Any of them also relays what a process that
     * died left in the outbox.
     */
    @Bean
    SmartLifecycle outboxRelayLifecycle(RelayOutbox relay, Environment env) {
        Set<Role> roles = Roles.of(env);
        boolean commitsJobs = roles.contains(Role.UPLOAD) || roles.contains(Role.MULTIPART) || roles.contains(Role.INGEST);
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (commitsJobs) {
                    relay.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                if (commitsJobs) {
                    relay.relayWaiting();
                    relay.close();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MIN_VALUE + 1000;
            }
        };
    }
}
