package dev.pixflow.app.multipart;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.pixflow.adapter.blob.fs.FileSystemPartStore;
import dev.pixflow.adapter.blob.s3.S3Clients;
import dev.pixflow.adapter.blob.s3.S3PartStore;
import dev.pixflow.adapter.blob.s3.S3Settings;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.config.S3StorageWiring;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.usecase.AbortUpload;
import dev.pixflow.core.usecase.CompleteUpload;
import dev.pixflow.core.usecase.DescribeUpload;
import dev.pixflow.core.usecase.MultipartLimits;
import dev.pixflow.core.usecase.PresignUpload;
import dev.pixflow.core.usecase.ReapExpiredUploads;
import dev.pixflow.core.usecase.ReceivePart;
import dev.pixflow.core.usecase.StartUpload;
import dev.pixflow.core.usecase.UploadImage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
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
    StartUpload startUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits, Supplier<UploadId> ids,
                            Clock clock) {
        return new StartUpload(uploads, parts, limits, ids, clock);
    }

    @Bean
    PresignUpload presignUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits,
                                MultipartProperties props, Clock clock) {
        return new PresignUpload(uploads, parts, limits, props.presignLifetime(), clock);
    }

    @Bean
    ReceivePart receivePart(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits, Clock clock) {
        return new ReceivePart(uploads, parts, limits, clock);
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

    @Bean
    UploadReaper uploadReaper(ReapExpiredUploads reaper, MultipartProperties props, MeterRegistry registry) {
        return new UploadReaper(reaper, props.reapInterval(), registry);
    }
}
