package dev.pixflow.core.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/** Server-made image identity: a UUIDv7, so ids sort by creation time; never a client's text taken as it is. */
public record ImageId(String value) implements Comparable<ImageId> {
    public ImageId {
        if (!isForm(value)) {
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
        return isForm(text) ? java.util.Optional.of(new ImageId(text)) : java.util.Optional.empty();
    }

    /**
     * A UUID in lowercase canonical form: 8-4-4-4-12 hex digits. Checked by hand rather than by a regular
     * expression because every delivery request parses one, and the matcher was a tenth of the work of
     * answering a kept rendition.
     */
    private static boolean isForm(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
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
