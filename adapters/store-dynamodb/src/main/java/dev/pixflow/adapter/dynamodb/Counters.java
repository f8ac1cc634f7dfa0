package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static dev.pixflow.adapter.dynamodb.Attrs.n;

/** Numbers drawn from counter items by atomic addition: ids that the ports give out as longs. */
final class Counters {
    private static final String PK = "COUNTER";

    private final Table table;

    Counters(Table table) {
        this.table = table;
    }

    /** Adds {@code count} to the named counter; the new value, so the ids taken are the {@code count} up to it. */
    long take(String name, int count) {
        Expr e = new Expr();
        var item = table.updated(PK, name, e, "ADD " + e.name("value") + " " + e.value(n(count)), null, ReturnValue.UPDATED_NEW)
                .orElseThrow();
        return Attrs.num(item, "value");
    }
}
