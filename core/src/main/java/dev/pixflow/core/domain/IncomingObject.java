package dev.pixflow.core.domain;

import java.time.Instant;

/**
 * An object written straight into the originals bucket (not through the API), as the bucket's event
 * notification names it. {@code key} is the client's own key: never used as a Pixflow key or path.
 * {@code sequencer} orders events of one key; with the bucket and key it identifies this write.
 * {@code receipt} is the notification queue's handle for acknowledging the event. {@code eTag} is the
 * written object's entity tag as the event gives it (empty when it gives none): a later write to the
 * same key has another, so this event reads and removes only the bytes it names.
 */
public record IncomingObject(String bucket, String key, long size, Instant eventTime, String sequencer, String receipt,
                             String eTag) {
}
