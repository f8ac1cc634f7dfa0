package dev.pixflow.core.port;

import dev.pixflow.core.domain.IncomingObject;

import java.time.Duration;
import java.util.Optional;

/**
 * Notifications of objects created in the originals bucket (S3 event notifications to a queue),
 * delivered at least once: an event not marked done comes back.
 */
public interface ObjectEvents {

    /** The next object-created event, waiting a little for one; hidden from others for {@code hold}. */
    Optional<IncomingObject> next(Duration hold);

    void done(IncomingObject event);

    /** Handled later again, after {@code delay}; the queue's redrive policy decides when to give up. */
    void retryLater(IncomingObject event, Duration delay);
}
