package dev.pixflow.adapter.queue.sqs;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Builds the SQS client: the JDK's HTTP client, with a read timeout longer than the longest poll. */
public final class SqsClients {
    private SqsClients() {
    }

    public static SqsClient create(String region, Optional<URI> endpoint, Optional<String> accessKey, Optional<String> secretKey) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials(accessKey, secretKey))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(40)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static SqsClient create(SqsSettings settings) {
        return create(settings.region(), settings.endpoint(), settings.accessKey(), settings.secretKey());
    }

    private static AwsCredentialsProvider credentials(Optional<String> accessKey, Optional<String> secretKey) {
        if (accessKey.isPresent() && secretKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
