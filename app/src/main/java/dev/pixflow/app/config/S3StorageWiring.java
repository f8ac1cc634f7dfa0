package dev.pixflow.app.config;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3Clients;
import dev.pixflow.adapter.blob.s3.S3Settings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.Optional;

/** {@code pixflow.storage.type=s3}: originals and renditions on S3 or an S3-compatible server. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixflow.storage.type", havingValue = "s3")
public class S3StorageWiring {

    @Bean(destroyMethod = "close")
    S3BlobStore blobStore(ScaleOutProperties scaleOut, PixflowProperties props) throws IOException {
        ScaleOutProperties.S3 s3 = scaleOut.storage().s3();
        S3Settings settings = new S3Settings(s3.originalsBucket(), s3.renditionsBucket(), s3.region(),
                Optional.ofNullable(s3.endpoint()), s3.pathStyle(), blank(s3.sse()), blank(s3.kmsKeyId()),
                blank(s3.renditionsStorageClass()), blank(s3.accessKey()), blank(s3.secretKey()),
                // Uploads are checked from a local file and decoders read local copies; the servlet container spools forms here too.
                props.dataDir().resolve("blobs").resolve("tmp"), s3.multipartThreshold(), s3.partSize());
        return new S3BlobStore(S3Clients.create(settings), settings);
    }

    static Optional<String> blank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
