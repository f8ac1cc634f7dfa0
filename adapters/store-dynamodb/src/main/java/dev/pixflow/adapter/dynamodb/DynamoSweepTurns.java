package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.port.SweepTurns;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Sweep turns, one item each in one partition. A turn not due is told by a consistent read, so
 * processes checking often write nothing; taking one is a conditional update on the due time read, which
 * of processes racing for it exactly one passes.
 */
public final class DynamoSweepTurns implements SweepTurns {
    private static final String SWEEPS = "SWEEPS";

    private final Table table;

    DynamoSweepTurns(Table table) {
        this.table = table;
    }

    @Override
    public boolean take(String sweep, Instant now, Duration interval) {
        long at = now.toEpochMilli();
        long next = now.plus(interval).toEpochMilli();
        Optional<Map<String, AttributeValue>> item = table.get(SWEEPS, sweep);
        Expr e = new Expr();
        String due = e.name("due");
        if (item.isEmpty()) {
            table.update(SWEEPS, sweep, e, "SET " + due + " = " + e.value(n(next)), "attribute_not_exists(" + due + ")");
            return false;
        }
        long current = num(item.get(), "due");
        if (current > at && current <= next) {
            return false;
        }
        return table.update(SWEEPS, sweep, e, "SET " + due + " = " + e.value(n(next)), due + " = " + e.value(n(current)));
    }
}
