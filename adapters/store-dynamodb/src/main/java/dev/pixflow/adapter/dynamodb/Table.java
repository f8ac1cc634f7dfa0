package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The catalogue's table as the stores use it: single-item reads (always strongly consistent),
 * conditional writes that answer whether their condition held, and queries read page by page. Every
 * rule of the catalogue is a condition on one item: DynamoDB checks it and writes the item atomically.
 */
final class Table {
    final DynamoDbClient client;
    final String name;
    /** The wall clock of leases and of work left pending; the stores' domain times come from their callers. */
    final Clock clock;
    final Signals signals = new Signals();

    Table(DynamoDbClient client, String name, Clock clock) {
        this.client = client;
        this.name = name;
        this.clock = clock;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(CatalogueTable.PK, Attrs.s(pk), CatalogueTable.SK, Attrs.s(sk));
    }

    long now() {
        return clock.millis();
    }

    Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var item = client.getItem(b -> b.tableName(name).key(key(pk, sk)).consistentRead(true));
        return item.hasItem() && !item.item().isEmpty() ? Optional.of(item.item()) : Optional.empty();
    }

    /** Items by key, read consistently, a hundred a call; absent ones left out. */
    List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(name, KeysAndAttributes.builder()
                    .keys(keys.subList(i, Math.min(keys.size(), i + 100))).consistentRead(true).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var r = client.batchGetItem(b -> b.requestItems(request));
                out.addAll(r.responses().getOrDefault(name, List.of()));
                pending = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    /** Writes the item if {@code condition} (may be null) holds; whether it did. */
    boolean put(Map<String, AttributeValue> item, Expr e, String condition) {
        try {
            client.putItem(b -> b.tableName(name).item(item).conditionExpression(condition)
                    .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    /** Writes the item unconditionally; the item it replaced, if any. */
    Optional<Map<String, AttributeValue>> replace(Map<String, AttributeValue> item) {
        var r = client.putItem(b -> b.tableName(name).item(item).returnValues(ReturnValue.ALL_OLD));
        return r.hasAttributes() && !r.attributes().isEmpty() ? Optional.of(r.attributes()) : Optional.empty();
    }

    /** Applies {@code update} if {@code condition} (may be null) holds; whether it did. */
    boolean update(String pk, String sk, Expr e, String update, String condition) {
        return updated(pk, sk, e, update, condition, ReturnValue.NONE).isPresent();
    }

    /**
     * Applies {@code update} if {@code condition} holds: the attributes {@code returned} asks for (an
     * empty map for none), or empty when the condition did not hold.
     */
    Optional<Map<String, AttributeValue>> updated(String pk, String sk, Expr e, String update, String condition,
                                                  ReturnValue returned) {
        try {
            var r = client.updateItem(b -> b.tableName(name).key(key(pk, sk)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).returnValues(returned));
            return Optional.of(r.hasAttributes() ? r.attributes() : Map.of());
        } catch (ConditionalCheckFailedException refused) {
            return Optional.empty();
        }
    }

    /** Deletes the item if {@code condition} (may be null) holds; whether it did (true for an absent item without condition). */
    boolean delete(String pk, String sk, Expr e, String condition) {
        try {
            client.deleteItem(b -> b.tableName(name).key(key(pk, sk)).conditionExpression(condition)
                    .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    void delete(Map<String, AttributeValue> key) {
        client.deleteItem(b -> b.tableName(name).key(Map.of(CatalogueTable.PK, key.get(CatalogueTable.PK),
                CatalogueTable.SK, key.get(CatalogueTable.SK))));
    }

    /**
     * The items of a query, read a page at a time as the stream is consumed. {@code request} sets the key
     * condition, the expressions of {@code e} and the order; the table's name is set here.
     */
    Stream<Map<String, AttributeValue>> query(Expr e, Consumer<QueryRequest.Builder> request) {
        QueryRequest.Builder b = QueryRequest.builder().tableName(name);
        request.accept(b);
        QueryRequest first = b.expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).build();
        return client.queryPaginator(first).items().stream();
    }

    /** A partition's items whose sort key is in [{@code from}, {@code to}], in order; either bound may be null. */
    Stream<Map<String, AttributeValue>> range(String pk, String from, String to, boolean forward) {
        return range(null, CatalogueTable.PK, CatalogueTable.SK, pk, from, to, forward, 0);
    }

    /** The same, read {@code page} items a call: for callers that want the first few. */
    Stream<Map<String, AttributeValue>> range(String pk, String from, String to, boolean forward, int page) {
        return range(null, CatalogueTable.PK, CatalogueTable.SK, pk, from, to, forward, page);
    }

    /** The same over a global secondary index (eventually consistent, as DynamoDB reads those). */
    Stream<Map<String, AttributeValue>> range(CatalogueTable index, String pk, String from, String to, boolean forward) {
        return range(index.index, index.pk, index.sk, pk, from, to, forward, 0);
    }

    Stream<Map<String, AttributeValue>> range(CatalogueTable index, String pk, String from, String to, boolean forward,
                                              int page) {
        return range(index.index, index.pk, index.sk, pk, from, to, forward, page);
    }

    private Stream<Map<String, AttributeValue>> range(String index, String pkName, String skName, String pk, String from,
                                                      String to, boolean forward, int page) {
        Expr e = new Expr();
        StringBuilder condition = new StringBuilder(e.name(pkName)).append(" = ").append(e.value(Attrs.s(pk)));
        if (from != null && to != null) {
            condition.append(" AND ").append(e.name(skName)).append(" BETWEEN ").append(e.value(Attrs.s(from)))
                    .append(" AND ").append(e.value(Attrs.s(to)));
        } else if (from != null) {
            condition.append(" AND ").append(e.name(skName)).append(" >= ").append(e.value(Attrs.s(from)));
        } else if (to != null) {
            condition.append(" AND ").append(e.name(skName)).append(" <= ").append(e.value(Attrs.s(to)));
        }
        return query(e, b -> {
            b.keyConditionExpression(condition.toString()).scanIndexForward(forward);
            if (page > 0) {
                b.limit(page);
            }
            if (index != null) {
                b.indexName(index);
            } else {
                b.consistentRead(true);
            }
        });
    }

    /** The base-table key of an item read from an index. */
    static Map<String, AttributeValue> baseKey(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(CatalogueTable.PK, item.get(CatalogueTable.PK));
        key.put(CatalogueTable.SK, item.get(CatalogueTable.SK));
        return key;
    }
}
