package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;

import java.time.Instant;

/**
 * A change asked for on the version of a record its editor saw (HTTP's {@code If-Match}), which is no
 * longer the record's: someone changed it since. The editor reads it again and decides.
 */
public class StaleRecordException extends RuntimeException {
    public StaleRecordException(ImageId id, Instant seen) {
        super("image " + id + " changed since the version of " + seen + " this request names; read it again");
    }
}
