package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.GoneException;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Looks up an image for a reader, the same way for the API and for delivery: one the reader may not
 * see does not exist (404); one that expired is gone (410) from its expiry on, before the sweeper has
 * removed it and after, by its tombstone, so expired can be told from never-existed.
 */
public final class LiveImages {
    private final ImageRecords records;
    private final Expirations expirations;
    private final Clock clock;

    public LiveImages(ImageRecords records, Expirations expirations, Clock clock) {
        this.records = records;
        this.expirations = expirations;
        this.clock = clock;
    }

    /** What decides whether an image has expired. */
    public Clock clock() {
        return clock;
    }

    /**
     * @param maySee  whether the reader may see this record
     * @param mayKnow whether the reader could have seen the image that left this tombstone
     */
    public ImageRecord require(ImageId id, Predicate<ImageRecord> maySee, Predicate<Tombstone> mayKnow) {
        Optional<ImageRecord> found = records.find(id).filter(maySee);
        Instant now = clock.instant();
        if (found.isPresent()) {
            if (found.get().isExpired(now)) {
                throw new GoneException(id, found.get().expiresAt().orElseThrow());
            }
            return found.get();
        }
        Optional<Tombstone> tombstone = expirations.tombstone(id).filter(mayKnow);
        if (tombstone.isPresent()) {
            throw new GoneException(id, tombstone.get().expiredAt());
        }
        throw new NotFoundException("no image " + id);
    }

    /** For delivery: what the viewer may see, and the tombstones of images it could have seen. */
    public ImageRecord require(ImageId id, Viewer viewer) {
        return require(id, viewer::maySee, t -> t.visibility() == Visibility.PUBLIC || viewer.signedUrl()
                || viewer.caller().map(c -> c.owner().equals(t.owner())).orElse(false));
    }
}
