package dev.pixflow.app.config;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3IncomingStore;
import dev.pixflow.adapter.queue.sqs.SqsObjectEvents;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.IngestIncoming;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.Lifecycle;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadSpooler;
import dev.pixflow.core.usecase.VariantCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code pixflow.storage.s3.incoming-queue-url}: objects written straight into the originals bucket
 * under the incoming prefix become images. The bucket sends its ObjectCreated notifications to that
 * queue; worker processes take them and ingest each object as an upload. Needs blobs on S3 and jobs on
 * SQS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixflow.storage.s3.incoming-queue-url")
@ConditionalOnRole(Role.WORKER)
public class IncomingWiring {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingWiring.class);
    private static final Duration HOLD = Duration.ofMinutes(2);

    /** The SQS client is the job queue's: bucket events need {@code pixflow.queue.type=sqs} too. */
    @Bean
    IngestIncoming ingestIncoming(SqsClient sqsClient, ScaleOutProperties scaleOut, S3BlobStore blobs,
                                  MetadataStore metadata, UploadSpooler spooler, RenderGate gate, ImageEngine engine,
                                  VariantCatalogue variants, PixflowProperties props, Clock clock, Telemetry telemetry,
                                  Lifecycle lifecycle) {
        ScaleOutProperties.S3 s3 = scaleOut.storage().s3();
        SqsObjectEvents events = new SqsObjectEvents(sqsClient, s3.incomingQueueUrl(), s3.incomingPrefix(),
                scaleOut.queue().sqs().longPoll());
        S3IncomingStore incoming = new S3IncomingStore(blobs.client(), blobs.settings());
        return new IngestIncoming(events, incoming, metadata, ids -> new UploadImage(spooler, gate, engine, blobs, metadata,
                variants, props.upload().limits(), ids, clock, telemetry, lifecycle), s3.incomingOwner());
    }

    /** One thread taking events while the process runs; an event in hand when it stops comes back later. */
    @Bean
    SmartLifecycle incomingLoop(IngestIncoming ingest) {
        return new SmartLifecycle() {
            private volatile boolean running;
            private Thread thread;

            @Override
            public void start() {
                running = true;
                thread = Thread.ofPlatform().daemon().name("pixflow-incoming").start(() -> {
                    while (running) {
                        try {
                            ingest.handleNext(HOLD).ifPresent(o -> LOG.info("incoming object: {}", o));
                        } catch (RuntimeException e) {
                            LOG.warn("reading object events failed; retrying", e);
                            pause();
                        }
                    }
                });
            }

            private void pause() {
                try {
                    Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }

            @Override
            public void stop() {
                running = false;
                try {
                    thread.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
