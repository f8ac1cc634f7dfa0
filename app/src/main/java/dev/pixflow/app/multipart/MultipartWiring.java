package dev.pixflow.app.multipart;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3BucketCors;
import dev.pixflow.adapter.blob.s3.S3BucketLifecycle;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.AbortUpload;
import dev.pixflow.core.usecase.DescribeUpload;
import dev.pixflow.core.usecase.MultipartLimits;
import dev.pixflow.core.usecase.PresignUpload;
import dev.pixflow.core.usecase.ReapExpiredUploads;
import dev.pixflow.core.usecase.ReceivePart;
import dev.pixflow.core.usecase.StartUpload;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The multipart role: S3-style large and resumable uploads: parts on the local disk beside the blobs,
 * bookkeeping in the catalogue's database. Off with
 * {@code pixflow.multipart.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.MULTIPART)
@ConditionalOnProperty(prefix = "pixflow.multipart", name = "enabled", havingValue = "true", matchIfMissing = true)
public class MultipartWiring {

    @Bean
    Supplier<UploadId> uploadIds() {
        return () -> UploadId.of(UuidCreator.getTimeOrderedEpoch());
    }

    /**
     * The embedded database is this process's alone: a completion it holds at start was cut off with
     * the run before, and is taken over by the next complete at once rather than after its lease.
     */
    @Bean
    @ConditionalOnBackend(catalogue = Backends.Catalogue.SQLITE)
    SmartInitializingSingleton releaseEarlierCompletions(MultipartUploadStore uploads) {
        return uploads::releaseCompletions;
    }

    @Bean
    StartUpload startUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits,
                            ObjectProvider<StorageQuota> quota, Supplier<UploadId> ids, Clock clock) {
        return new StartUpload(uploads, parts, limits, quota.getIfAvailable(() -> StorageQuota.NONE), ids, clock);
    }

    @Bean
    PresignUpload presignUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits,
                                MultipartProperties props, Clock clock) {
        return new PresignUpload(uploads, parts, limits, props.presignLifetime(), clock);
    }

    @Bean
    ReceivePart receivePart(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits,
                            ObjectProvider<StorageQuota> quota, Clock clock) {
        return new ReceivePart(uploads, parts, limits, quota.getIfAvailable(() -> StorageQuota.NONE), clock);
    }

    @Bean
    DescribeUpload describeUpload(MultipartUploadStore uploads, PartStore parts, Clock clock) {
        return new DescribeUpload(uploads, parts, clock);
    }

    @Bean
    AbortUpload abortUpload(MultipartUploadStore uploads, PartStore parts, Clock clock) {
        return new AbortUpload(uploads, parts, clock);
    }

    @Bean
    ReapExpiredUploads reapExpiredUploads(MultipartUploadStore uploads, PartStore parts, Clock clock, MultipartProperties props) {
        return new ReapExpiredUploads(uploads, parts, clock, props.reapBatch());
    }

    /**
     * At start, where the setting is on: the originals bucket aborts unfinished uploads by itself (the
     * backstop behind the reaper) and answers CORS for the configured origins. A server that takes no
     * such configuration (some S3-compatible ones) is told about in the log; the rules are then set by hand.
     */
    @Bean
    @ConditionalOnProperty(prefix = "pixflow.multipart", name = "bucket-rules", havingValue = "true")
    ApplicationRunner uploadBucketRules(ObjectProvider<S3BlobStore> s3, MultipartProperties props) {
        return args -> {
            S3BlobStore blobs = s3.getIfAvailable();
            Logger log = LoggerFactory.getLogger(MultipartWiring.class);
            if (blobs == null) {
                log.warn("pixflow.multipart.bucket-rules needs pixflow.storage.type=s3: no bucket rule written");
                return;
            }
            try {
                new S3BucketLifecycle(blobs.client(), blobs.settings()).abortUnfinishedUploads(props.expiry().plusDays(1));
                if (!props.corsOrigins().isEmpty()) {
                    new S3BucketCors(blobs.client(), blobs.settings()).allowUploadsFrom(props.corsOrigins());
                }
            } catch (CompletionException e) {
                if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 501) {
                    log.warn("the S3 server takes no lifecycle or CORS configuration through its API ({}): set the bucket's"
                            + " rules by hand (docs/uploads.md)", s3e.awsErrorDetails().errorMessage());
                    return;
                }
                throw e;
            }
        };
    }

    @Bean
    UploadReaper uploadReaper(ReapExpiredUploads reaper, MultipartProperties props, MeterRegistry registry, SweepTurns turns, Clock clock) {
        return new UploadReaper(reaper, props.reapInterval(), registry, turns, clock);
    }
}
