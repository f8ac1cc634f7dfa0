package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table of the catalogue: items keyed by {@code pk} and {@code sk}, and six global secondary
 * indexes, each keyed by its own pair of attributes, which several kinds of item share (an item is in an
 * index only while it has that index's key). The names here are the schema: deploy/aws/terraform
 * declares the same table.
 */
public enum CatalogueTable {
    /** An owner's images by creation: listings and search. */
    OWNER("by-owner", "opk", "osk", ProjectionType.ALL),
    /** Images by owner and content (duplicates); webhook deliveries by the event they send. */
    CONTENT("by-content", "cpk", "csk", ProjectionType.KEYS_ONLY),
    /** Things due at a time: images that expire, deliveries to attempt, uploads that expire, stream marks to forget. */
    DUE("by-due-time", "dpk", "dsk", ProjectionType.ALL),
    /** Images by UTC day of creation (export, statistics); finished deliveries by creation (pruning). */
    DAY("by-day", "ypk", "ysk", ProjectionType.ALL),
    /** Images by the original they hold (the orphan sweep). */
    BLOB("by-original", "bpk", "bsk", ProjectionType.KEYS_ONLY),
    /** Images with work left after their commit: jobs for the relay, events to append, a removal to finish. */
    WORK("by-work", "wpk", "wsk", ProjectionType.KEYS_ONLY);

    static final String PK = "pk";
    static final String SK = "sk";

    final String index;
    final String pk;
    final String sk;
    private final ProjectionType projection;

    CatalogueTable(String index, String pk, String sk, ProjectionType projection) {
        this.index = index;
        this.pk = pk;
        this.sk = sk;
        this.projection = projection;
    }

    /** The index's name, as the table declares it. */
    public String indexName() {
        return index;
    }

    /** The string attribute that is the index's partition key. */
    public String hashKey() {
        return pk;
    }

    /** The string attribute that is the index's sort key. */
    public String rangeKey() {
        return sk;
    }

    /** What the index carries of an item: {@code ALL} or {@code KEYS_ONLY}. */
    public String projection() {
        return projection.toString();
    }

    /** The base table's partition key. */
    public static String tableHashKey() {
        return PK;
    }

    /** The base table's sort key. */
    public static String tableRangeKey() {
        return SK;
    }

    /**
     * Creates the table (on demand capacity) and waits until it is active; a table that already exists is
     * left as it is. For tests and development: in production, Terraform makes it.
     */
    public static void create(DynamoDbClient client, String table) {
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(string(PK), string(SK)));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (CatalogueTable gsi : values()) {
            attributes.add(string(gsi.pk));
            attributes.add(string(gsi.sk));
            indexes.add(GlobalSecondaryIndex.builder().indexName(gsi.index)
                    .keySchema(key(gsi.pk, KeyType.HASH), key(gsi.sk, KeyType.RANGE))
                    .projection(Projection.builder().projectionType(gsi.projection).build()).build());
        }
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes).keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(indexes));
        } catch (ResourceInUseException exists) {
            // Made by another process starting at the same time, or earlier.
        }
        // Until DescribeTable says ACTIVE: within a second on a test server, a minute on AWS. Polled every
        // quarter second rather than the waiter's default of twenty.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).overrideConfiguration(c -> c
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(250)))
                .waitTimeout(Duration.ofMinutes(5))).build()) {
            waiter.waitUntilTableExists(b -> b.tableName(table));
        }
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
