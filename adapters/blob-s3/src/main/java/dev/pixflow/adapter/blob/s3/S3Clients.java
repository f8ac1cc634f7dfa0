package dev.pixflow.adapter.blob.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** Builds the one S3 client the store uses: async with the SDK's multipart support for large objects. */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3AsyncClient create(S3Settings settings) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.thresholdInBytes(settings.multipartThreshold())
                        .minimumPartSizeInBytes(settings.partSize()));
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                // Not every S3-compatible server knows the newer flexible checksums; send them only when required.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey().isPresent() && settings.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
