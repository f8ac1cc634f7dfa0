package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageId;

/** The partition and sort keys of every kind of item in the catalogue's table. */
final class Keys {
    static final String IMAGE = "IMG";
    static final String TOMBSTONE = "TOMB";
    static final String EVENTS = "EVENTS";
    static final String WORK = "WORK";

    private Keys() {
    }

    static String image(ImageId id) {
        return "IMG#" + id.value();
    }

    static String blob(BlobKey key) {
        return "BLOB#" + key.value();
    }

    static String owner(String owner) {
        return "O#" + owner;
    }

    static String content(String owner, String sha256) {
        return "S#" + owner + "#" + sha256;
    }

    static String heldBlob(BlobKey key) {
        return "B#" + key.value();
    }

    static String day(java.time.LocalDate day) {
        return "D#" + day;
    }

    /** Time then id: the order of listings and of every index by time. */
    static String timed(long millis, String id) {
        return Attrs.padded(millis) + "#" + id;
    }

    /** An upper bound of sort keys for {@link #timed} keys at or before {@code millis}. */
    static String upTo(long millis) {
        return Attrs.padded(millis + 1);
    }

    static String event(long sequence) {
        return Attrs.padded(sequence);
    }

    static String hook(String id) {
        return "HOOK#" + id;
    }

    static String delivery(long eventSequence) {
        return "E#" + Attrs.padded(eventSequence);
    }

    static String deliveriesOf(long eventSequence) {
        return "DE#" + eventSequence;
    }

    static String upload(String id) {
        return "UPLOAD#" + id;
    }

    static String part(int number) {
        return "PART#" + "%05d".formatted(number);
    }
}
