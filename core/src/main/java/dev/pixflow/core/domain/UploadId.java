package dev.pixflow.core.domain;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Server-made identity of a multipart upload: a UUIDv7 like image ids. It is also the only thing a
 * client needs to add parts, so it is never derived from client input.
 */
public record UploadId(String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UploadId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an upload id: " + value);
        }
    }

    public static UploadId of(UUID uuid) {
        return new UploadId(uuid.toString());
    }

    /** Parses untrusted text (a URL segment), empty when it cannot be an id. */
    public static Optional<UploadId> parse(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new UploadId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
