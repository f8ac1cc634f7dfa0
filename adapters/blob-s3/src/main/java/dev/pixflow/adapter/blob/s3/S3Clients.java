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
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.util.Optional;

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

    /**
     * The multipart part store's client: asks for checksums only where S3 requires them, on AWS too,
     * since an UploadPart carrying a flexible checksum its multipart upload was not created with is
     * refused, and its part missing from the complete.
     */
    public static S3AsyncClient createForParts(S3Settings settings) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Signs requests clients make straight to the bucket, with the same credentials and addressing, for
     * the endpoint as clients reach it ({@code publicEndpoint}, where it differs from the server's).
     */
    public static S3Presigner presigner(S3Settings settings, Optional<URI> publicEndpoint) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        publicEndpoint.or(settings::endpoint).ifPresent(builder::endpointOverride);
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
