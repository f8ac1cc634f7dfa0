package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.Expirations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Expiry is an attribute of the image's item, and while it is set the item is in the due-time index
 * under {@link ImageItems#EXPIRY_INDEX}, sorted by that time: the sweep reads the front of one
 * partition. Tombstones are items beside the image's, under the same partition key.
 */
public final class DynamoExpirations implements Expirations {
    private final Table table;

    DynamoExpirations(Table table) {
        this.table = table;
    }

    /**
     * Read from the index, then each item again consistently: the index may lag a change of expiry. An
     * image whose removal was cut off (its mark's lease run out) is listed again, so the sweep finishes it.
     */
    @Override
    public List<ImageRecord> expired(Instant now, int limit) {
        long wall = table.now();
        return table.range(CatalogueTable.DUE, ImageItems.EXPIRY_INDEX, null, Keys.upTo(now.toEpochMilli()), true, limit)
                .map(item -> table.get(str(item, CatalogueTable.PK), Keys.IMAGE))
                .flatMap(Optional::stream).filter(item -> ImageItems.live(item) || ImageItems.removalCutOff(item, wall))
                .map(ImageItems::record).filter(r -> r.isExpired(now)).limit(limit).toList();
    }

    @Override
    public Optional<Tombstone> tombstone(ImageId id) {
        return table.get(Keys.image(id), Keys.TOMBSTONE).map(item -> new Tombstone(id, str(item, "owner"),
                Visibility.fromId(str(item, "visibility")), instant(item, "expired")));
    }
}
