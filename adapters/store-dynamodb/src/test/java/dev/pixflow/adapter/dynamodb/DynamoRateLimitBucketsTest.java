package dev.pixflow.adapter.dynamodb;

import dev.pixflow.contract.RateLimitBucketsContract;
import dev.pixflow.testing.servers.DynaliteServer;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The rate limits' buckets contract on dynalite, a DynamoDB-compatible server: a client per process. */
class DynamoRateLimitBucketsTest extends RateLimitBucketsContract {
    private static DynaliteServer server;

    @BeforeAll
    static void start() {
        server = DynaliteServer.start();
        try (DynamoDbClient admin = OnDynalite.client(server.endpoint())) {
            CatalogueTable.create(admin, "buckets");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ProxyManager<String> process() {
        return new DynamoRateLimitBuckets(closedAfterTest(OnDynalite.client(server.endpoint())), "buckets");
    }
}
