package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.port.EventCursors;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Event cursors, one item each in one partition. Taking one is a single conditional update (made
 * to exist if it was not): of processes racing for it, exactly one's condition holds.
 */
public final class DynamoEventCursors implements EventCursors {
    private static final String CURSORS = "CURSORS";

    private final Table table;

    DynamoEventCursors(Table table) {
        this.table = table;
    }

    @Override
    public OptionalLong claim(String name, String holder, Instant now, Instant leaseUntil) {
        Expr e = new Expr();
        String h = e.value(s(holder));
        String update = "SET " + e.name("holder") + " = " + h + ", " + e.name("until") + " = " + e.value(millis(leaseUntil))
                + ", " + e.name("seq") + " = if_not_exists(" + e.name("seq") + ", " + e.value(n(0)) + ")";
        String condition = "attribute_not_exists(" + e.name("holder") + ") OR " + e.name("holder") + " = " + h + " OR "
                + e.name("until") + " < " + e.value(millis(now));
        return table.updated(CURSORS, name, e, update, condition, ReturnValue.ALL_NEW)
                .map(item -> OptionalLong.of(num(item, "seq"))).orElse(OptionalLong.empty());
    }

    @Override
    public boolean advance(String name, String holder, long sequence, Instant leaseUntil) {
        Expr e = new Expr();
        return table.update(CURSORS, name, e, "SET " + e.name("seq") + " = " + e.value(n(sequence)) + ", " + e.name("until")
                + " = " + e.value(millis(leaseUntil)), e.name("holder") + " = " + e.value(s(holder)));
    }

    @Override
    public void release(String name, String holder) {
        Expr e = new Expr();
        table.update(CURSORS, name, e, "REMOVE " + e.name("holder") + " SET " + e.name("until") + " = " + e.value(n(0)),
                e.name("holder") + " = " + e.value(s(holder)));
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        table.range(CURSORS, null, null, true).forEach(item -> positions.put(str(item, CatalogueTable.SK), num(item, "seq")));
        return positions;
    }
}
