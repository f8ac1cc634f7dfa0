package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.port.SweepTurns;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Sweep turns, one item each in one partition, holding when its last turn was taken. A turn not due is
 * told by a consistent read, so processes checking often write nothing; taking one is a conditional
 * update on the time read, which of processes racing for it exactly one passes.
 */
public final class DynamoSweepTurns implements SweepTurns {
    private static final String SWEEPS = "SWEEPS";

    private final Table table;

    DynamoSweepTurns(Table table) {
        this.table = table;
    }

    @Override
    public boolean take(String sweep, Instant now, Duration interval) {
        Optional<Map<String, AttributeValue>> item = table.get(SWEEPS, sweep);
        Expr e = new Expr();
        String taken = e.name("taken");
        String set = "SET " + taken + " = " + e.value(millis(now));
        if (item.isEmpty()) {
            table.update(SWEEPS, sweep, e, set, "attribute_not_exists(" + taken + ")");
            return false;
        }
        long last = num(item.get(), "taken");
        if (last + interval.toMillis() > now.toEpochMilli()) {
            return false;
        }
        return table.update(SWEEPS, sweep, e, set, taken + " = " + e.value(n(last)));
    }
}
