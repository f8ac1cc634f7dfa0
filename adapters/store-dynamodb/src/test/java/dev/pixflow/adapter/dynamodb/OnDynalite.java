package dev.pixflow.adapter.dynamodb;

import dev.pixflow.contract.CatalogueStores;
import dev.pixflow.contract.CatalogueStoresExtension;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.Outbox;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.testing.servers.DynaliteServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalogue's stores on dynalite, one server for the test run and a fresh table for each test.
 * Another process is another client with its own stores over the same table.
 */
final class OnDynalite extends CatalogueStoresExtension {
    private static final AtomicInteger TABLES = new AtomicInteger();

    @Override
    protected CatalogueStores open(ExtensionContext context) {
        Server server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> new Server(DynaliteServer.start()), Server.class);
        String table = "catalogue-" + TABLES.incrementAndGet();
        try (DynamoDbClient admin = client(server.dynalite().endpoint())) {
            CatalogueTable.create(admin, table);
        }
        return new Opened(server.dynalite().endpoint(), table);
    }

    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Stopped when the test run ends. */
    private record Server(DynaliteServer dynalite) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            dynalite.close();
        }
    }

    private static final class Opened implements CatalogueStores {
        private final URI endpoint;
        private final String table;
        private final DynamoDbClient client;
        private final DynamoStores stores;
        private Opened otherProcess;

        Opened(URI endpoint, String table) {
            this.endpoint = endpoint;
            this.table = table;
            this.client = client(endpoint);
            this.stores = new DynamoStores(client, table, Clock.systemUTC());
        }

        @Override public ImageRecords records() { return stores.records(); }
        @Override public ImageSearch search() { return stores.search(); }
        @Override public RenditionRecords renditions() { return stores.renditions(); }
        @Override public BlobReferences references() { return stores.references(); }
        @Override public Expirations expirations() { return stores.expirations(); }
        @Override public EventLog events() { return stores.events(); }
        @Override public EventCursors eventCursors() { return stores.eventCursors(); }
        @Override public SweepTurns sweepTurns() { return stores.sweepTurns(); }
        @Override public WebhookStore webhooks() { return stores.webhooks(); }
        @Override public ApiKeyStore apiKeys() { return stores.apiKeys(); }
        @Override public IngestedRecords ingestedRecords() { return stores.ingestedRecords(); }
        @Override public CatalogueExport export() { return stores.export(); }
        @Override public CatalogueStatistics statistics() { return stores.statistics(); }
        @Override public MultipartUploadStore multipartUploads() { return stores.multipartUploads(); }
        @Override public Outbox outbox() { return stores.outbox(); }

        /** As the relay takes them: drained from the outbox. */
        @Override
        public List<JobSpec> handedOver() {
            List<JobSpec> jobs = new ArrayList<>();
            while (stores.outbox().drain(10, jobs::addAll) > 0) {
                // until empty
            }
            return jobs;
        }

        @Override
        public synchronized CatalogueStores otherProcess() {
            if (otherProcess == null) {
                otherProcess = new Opened(endpoint, table);
            }
            return otherProcess;
        }

        @Override
        public synchronized void close() {
            if (otherProcess != null) {
                otherProcess.close();
            }
            client.close();
        }
    }
}
