package dev.pixflow.core.media;

import java.util.UUID;
import java.util.regex.Pattern;

/** Server-made image identity: a UUIDv7, so ids sort by creation time. Never derived from client input. */
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
