package dev.pixflow.app.catalogue;

import dev.pixflow.adapter.dynamodb.CatalogueTable;
import dev.pixflow.adapter.dynamodb.DynamoRateLimitBuckets;
import dev.pixflow.adapter.dynamodb.DynamoStores;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.health.CatalogueProbe;
import dev.pixflow.app.security.SecurityProperties;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.Outbox;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.WebhookStore;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.time.Clock;

/**
 * {@code pixflow.metadata.type=dynamodb}: the catalogue in one DynamoDB table, shared by every process.
 * Its jobs wait in the image items for the relay, so a server needs the queue on SQS
 * ({@link Backends#requireRunnable}). See ARCHITECTURE.md, "The DynamoDB catalogue".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(catalogue = Backends.Catalogue.DYNAMODB)
public class DynamoCatalogueWiring {

    @Bean(destroyMethod = "close")
    DynamoDbClient catalogueClient(DynamoCatalogueProperties props, SecurityProperties security) {
        if (security.limits().storedBytes().toBytes() > 0) {
            // Counting an owner's bytes needs a sum the SQL stores keep in the record's transaction.
            throw new IllegalStateException("pixflow.security.limits.stored-bytes is not supported with"
                    + " pixflow.metadata.type=dynamodb; leave it at 0B");
        }
        DynamoDbClientBuilder b = DynamoDbClient.builder().region(Region.of(props.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (props.endpoint() != null) {
            b.endpointOverride(props.endpoint());
        }
        b.credentialsProvider(props.accessKey() == null || props.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(props.accessKey(), props.secretKey())));
        DynamoDbClient client = b.build();
        if (props.createTable()) {
            CatalogueTable.create(client, props.table());
        }
        return client;
    }

    @Bean
    DynamoStores catalogueStores(DynamoDbClient client, DynamoCatalogueProperties props, Clock clock) {
        return new DynamoStores(client, props.table(), clock);
    }

    /** The rate limits' buckets, in the table every process shares. */
    @Bean
    ProxyManager<String> rateLimitBuckets(DynamoDbClient client, DynamoCatalogueProperties props) {
        return new DynamoRateLimitBuckets(client, props.table());
    }

    /** DescribeTable: the table is there and the credentials may read it. */
    @Bean
    CatalogueProbe catalogueProbe(DynamoDbClient client, DynamoCatalogueProperties props) {
        return () -> client.describeTable(b -> b.tableName(props.table()));
    }

    @Bean
    ImageRecords imageRecords(DynamoStores stores) {
        return stores.records();
    }

    @Bean
    ImageSearch imageSearch(DynamoStores stores) {
        return stores.search();
    }

    @Bean
    RenditionRecords renditionRecords(DynamoStores stores) {
        return stores.renditions();
    }

    @Bean
    BlobReferences blobReferences(DynamoStores stores) {
        return stores.references();
    }

    @Bean
    Expirations expirations(DynamoStores stores) {
        return stores.expirations();
    }

    @Bean
    Outbox outbox(DynamoStores stores) {
        return stores.outbox();
    }

    @Bean
    EventLog eventLog(DynamoStores stores) {
        return stores.events();
    }

    @Bean
    EventCursors eventCursors(DynamoStores stores) {
        return stores.eventCursors();
    }

    @Bean
    SweepTurns sweepTurns(DynamoStores stores) {
        return stores.sweepTurns();
    }

    @Bean
    WebhookStore webhookStore(DynamoStores stores) {
        return stores.webhooks();
    }

    @Bean
    ApiKeyStore apiKeyStore(DynamoStores stores) {
        return stores.apiKeys();
    }

    @Bean
    IngestedRecords ingestedRecords(DynamoStores stores) {
        return stores.ingestedRecords();
    }

    @Bean
    CatalogueExport catalogueExport(DynamoStores stores) {
        return stores.export();
    }

    @Bean
    CatalogueStatistics catalogueStatistics(DynamoStores stores) {
        return stores.statistics();
    }

    @Bean
    MultipartUploadStore multipartUploadStore(DynamoStores stores) {
        return stores.multipartUploads();
    }
}
