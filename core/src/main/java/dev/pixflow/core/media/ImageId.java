package dev.pixflow.core.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** Server-made image identity: a UUIDv7, so ids sort by creation time; never a client's text taken as it is. */
public record ImageId(String value) implements Comparable<ImageId> {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public ImageId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an image id: " + value);
        }
    }

    public static ImageId of(UUID uuid) {
        return new ImageId(uuid.toString());
    }

    /**
     * An id derived from a name, so whatever makes an image from the same thing twice (a redelivered
     * record, a completion taken over after a crash) makes the same id, and the second attempt finds
     * the first one's image: a UUIDv7 whose time is {@code at} (ids keep sorting by creation) and whose
     * other bits are the SHA-256 of the name.
     */
    public static ImageId derived(String name, Instant at) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long high = (at.toEpochMilli() << 16) | 0x7000L | (((hash[0] & 0xFFL) << 4 | (hash[1] & 0x0FL)) & 0x0FFFL);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = (low << 8) | (hash[i] & 0xFFL);
        }
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return of(new UUID(high, low));
    }

    /** Parses untrusted text (a URL segment), empty when it cannot be an id. */
    public static java.util.Optional<ImageId> parse(String text) {
        return text != null && FORM.matcher(text).matches()
                ? java.util.Optional.of(new ImageId(text)) : java.util.Optional.empty();
    }

    @Override
    public int compareTo(ImageId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
