package dev.pixflow.app.multipart;

import dev.pixflow.adapter.blob.fs.FileSystemPartStore;
import dev.pixflow.adapter.blob.s3.S3Clients;
import dev.pixflow.adapter.blob.s3.S3PartStore;
import dev.pixflow.adapter.blob.s3.S3Settings;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.S3StorageWiring;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.usecase.CompleteUpload;
import dev.pixflow.core.usecase.MultipartLimits;
import dev.pixflow.core.usecase.UploadImage;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Where uploads' bytes are kept, and their completion, in every process whatever its roles: the
 * multipart role's calls use them, and so does a worker completing an upload the bucket says it
 * received whole (its ObjectCreated event).
 */
@Configuration(proxyBeanMethods = false)
public class UploadStorageWiring {
    /** How long a complete waits for the bucket's event (or another call) completing the same upload. */
    private static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(10);

    @Bean
    MultipartLimits multipartLimits(MultipartProperties props) {
        return props.limits();
    }

    /** Parts as files beside the blobs: the local disk, when blobs are there too. */
    @Bean
    @ConditionalOnBackend(storage = Backends.Storage.FS)
    FileSystemPartStore partStore(PixflowProperties props) throws IOException {
        FileSystemPartStore store = new FileSystemPartStore(props.dataDir().resolve("parts"));
        // Before the server takes requests: a part half-written now was cut off by a process that died.
        int swept = store.sweepIncoming();
        if (swept > 0) {
            LoggerFactory.getLogger(UploadStorageWiring.class).info("removed {} half-written parts left by an earlier run", swept);
        }
        return store;
    }

    /** S3's own multipart uploads in the originals bucket: nothing of an upload on this process's disk. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBackend(storage = Backends.Storage.S3)
    S3PartStore s3PartStore(PixflowProperties props, MultipartProperties multipart) {
        S3Settings settings = S3StorageWiring.settings(props);
        return new S3PartStore(S3Clients.createForParts(settings),
                S3Clients.presigner(settings, Optional.ofNullable(props.storage().s3().publicEndpoint())), settings,
                multipart.directUploads());
    }

    @Bean
    CompleteUpload completeUpload(MultipartUploadStore uploads, PartStore parts, UploadImage upload, ImageRecords records,
                                  MultipartLimits limits, Clock clock) {
        return new CompleteUpload(uploads, parts, upload, records, limits, clock, WAIT_FOR_OTHER);
    }
}
