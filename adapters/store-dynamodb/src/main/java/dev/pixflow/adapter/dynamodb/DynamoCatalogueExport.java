package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.port.CatalogueExport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The export's pages, from the by-day index: (created at, id) is the index's sort key. */
public final class DynamoCatalogueExport implements CatalogueExport {
    private final Table table;

    DynamoCatalogueExport(Table table) {
        this.table = table;
    }

    @Override
    public List<ExportedImage> createdBetween(Instant from, Instant to, Optional<Position> after, int limit) {
        String afterKey = after.map(p -> Keys.timed(p.createdAt().toEpochMilli(), p.id().value())).orElse(null);
        return DayPartitions.created(table, from, to, afterKey).limit(limit).map(ImageItems::exported).toList();
    }
}
