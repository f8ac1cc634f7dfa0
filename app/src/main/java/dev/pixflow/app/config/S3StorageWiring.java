package dev.pixflow.app.config;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3Clients;
import dev.pixflow.adapter.blob.s3.S3Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.Optional;

/** {@code pixflow.storage.type=s3}: originals and renditions on S3 or an S3-compatible server. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(storage = Backends.Storage.S3)
public class S3StorageWiring {

    @Bean(destroyMethod = "close")
    S3BlobStore blobStore(PixflowProperties props) throws IOException {
        S3Settings settings = settings(props);
        return new S3BlobStore(S3Clients.create(settings), settings);
    }

    /** The buckets, their addressing and credentials, as every S3 adapter of this process uses them. */
    public static S3Settings settings(PixflowProperties props) {
        PixflowProperties.S3 s3 = props.storage().s3();
        return new S3Settings(s3.originalsBucket(), s3.renditionsBucket(), s3.region(),
                Optional.ofNullable(s3.endpoint()), s3.pathStyle(), PixflowProperties.optional(s3.sse()),
                PixflowProperties.optional(s3.kmsKeyId()), PixflowProperties.optional(s3.renditionsStorageClass()),
                PixflowProperties.optional(s3.accessKey()), PixflowProperties.optional(s3.secretKey()),
                // Uploads are checked from a local file and decoders read local copies; the servlet container spools forms here too.
                props.dataDir().resolve("blobs").resolve("tmp"), s3.multipartThreshold().toBytes(), s3.partSize().toBytes());
    }
}
