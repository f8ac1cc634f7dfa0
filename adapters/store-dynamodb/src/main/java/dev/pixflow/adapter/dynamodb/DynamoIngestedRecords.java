package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.IngestedRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/** The stream records already ingested: an item each, written only if absent; by time in the due-time index, for pruning. */
public final class DynamoIngestedRecords implements IngestedRecords {
    private static final String MARKS = "INGESTED";

    private final Table table;

    DynamoIngestedRecords(Table table) {
        this.table = table;
    }

    @Override
    public Optional<ImageId> find(String record) {
        return table.get(MARKS + "#" + record, "MARK").map(item -> ImageId.parse(str(item, "image")).orElseThrow());
    }

    @Override
    public void remember(String record, ImageId image, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(Table.key(MARKS + "#" + record, "MARK"));
        item.put("image", s(image.value()));
        item.put(CatalogueTable.DUE.pk, s(MARKS));
        item.put(CatalogueTable.DUE.sk, s(Keys.timed(at.toEpochMilli(), record)));
        Expr e = new Expr();
        table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")");
    }

    @Override
    public int prune(Instant before, int limit) {
        List<Map<String, AttributeValue>> old = table.range(CatalogueTable.DUE, MARKS, null,
                Keys.upTo(before.toEpochMilli() - 1), true, limit).limit(limit).toList();
        old.forEach(table::delete);
        return old.size();
    }
}
