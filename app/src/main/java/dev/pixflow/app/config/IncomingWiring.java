package dev.pixflow.app.config;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3IncomingStore;
import dev.pixflow.adapter.blob.s3.S3PartStore;
import dev.pixflow.adapter.queue.sqs.SqsObjectEvents;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.usecase.CompleteUpload;
import dev.pixflow.core.usecase.IngestIncoming;
import dev.pixflow.core.usecase.OutageLog;
import dev.pixflow.core.usecase.PollingLoop;
import dev.pixflow.core.usecase.UploadImage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Locale;
import java.util.List;

/**
 * {@code pixflow.storage.s3.incoming-queue-url}: objects written straight into the originals bucket
 * under the incoming prefix become images, and uploads sent whole to the bucket (under
 * {@code uploads/}) are completed when their object arrives. The bucket sends its ObjectCreated notifications to that
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
    IngestIncoming ingestIncoming(SqsClient sqsClient, PixflowProperties props, S3BlobStore blobs, ImageRecords records,
                                  UploadImage uploads, CompleteUpload completions) {
        PixflowProperties.S3 s3 = props.storage().s3();
        SqsObjectEvents events = new SqsObjectEvents(sqsClient, s3.incomingQueueUrl(),
                List.of(s3.incomingPrefix(), S3PartStore.PREFIX), props.queue().sqs().longPoll());
        S3IncomingStore incoming = new S3IncomingStore(blobs.client(), blobs.settings());
        return new IngestIncoming(events, incoming, records, uploads, s3.incomingOwner(), completions, S3PartStore.PREFIX);
    }

    /**
     * One thread taking events while the process runs (each receive waits up to the long poll for one);
     * an event in hand when it stops comes back later. A failed receive waits a second.
     */
    @Bean
    SmartLifecycle incomingLoop(IngestIncoming ingest, MeterRegistry registry) {
        PollingLoop loop = new PollingLoop("pixflow-incoming", Duration.ofSeconds(1), () -> {
            ingest.handleNext(HOLD).ifPresent(o -> {
                LOG.info("incoming object: {}", o);
                Counter.builder("pixflow.incoming.objects").description("Bucket events of incoming objects handled, by outcome")
                        .tag("outcome", o.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry).increment();
            });
            return true;
        }, new OutageLog(IncomingWiring.class, "reading object events"));
        return new SmartLifecycle() {
            @Override
            public void start() {
                loop.start();
            }

            @Override
            public void stop() {
                loop.stop(Duration.ofSeconds(30));
            }

            @Override
            public boolean isRunning() {
                return loop.isRunning();
            }
        };
    }
}
