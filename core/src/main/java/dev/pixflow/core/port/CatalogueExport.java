package dev.pixflow.core.port;

import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.media.ImageId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue read in creation order, a page at a time, for the analytics export: every owner's
 * records, as they are now.
 */
public interface CatalogueExport {

    /** Where a page ended: the next page starts after this record. */
    record Position(Instant createdAt, ImageId id) {
    }

    /**
     * Up to {@code limit} records created in [{@code from}, {@code to}), ordered by (created at, id),
     * after {@code after} when given.
     */
    List<ExportedImage> createdBetween(Instant from, Instant to, Optional<Position> after, int limit);
}
