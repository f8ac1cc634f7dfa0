package dev.pixflow.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The anchor of the upload benchmark: the AWS SDK's own multipart upload of the same file to the same
 * server, in parts of the same size, as many at a time.
 */
final class SdkMultipartAnchor {
    private SdkMultipartAnchor() {
    }

    /** @return seconds from the first byte sent to the completed object */
    static double upload(URI endpoint, String bucket, Path file, long partSize, int parallel) {
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(endpoint).region(Region.of(S3OnDisk.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3OnDisk.ACCESS_KEY, S3OnDisk.SECRET_KEY)))
                .forcePathStyle(true)
                // The multipart client queues every part at once; they wait for one of the connections, for as long as it takes.
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(parallel)
                        .connectionAcquisitionTimeout(Duration.ofMinutes(10)))
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.minimumPartSizeInBytes(partSize).thresholdInBytes(partSize))
                .build()) {
            long t0 = System.nanoTime();
            s3.putObject(b -> b.bucket(bucket).key("anchor/" + file.getFileName()), AsyncRequestBody.fromFile(file)).join();
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
