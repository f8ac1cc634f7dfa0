package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Visibility;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A PATCH of an image: absent fields keep their value; a blank text clears it. {@code neverExpire}
 * clears the expiry (which {@code expiresAt} would otherwise set).
 */
public record ImageEdit(Optional<String> title, Optional<String> description, Optional<List<String>> tags,
                        Optional<Visibility> visibility, Optional<String> altText, Optional<Instant> expiresAt,
                        boolean neverExpire) {

    public static ImageEdit of(Optional<String> title, Optional<String> description, Optional<List<String>> tags,
                               Optional<Visibility> visibility) {
        return new ImageEdit(title, description, tags, visibility, Optional.empty(), Optional.empty(), false);
    }

    boolean changesMetadata() {
        return title.isPresent() || description.isPresent() || tags.isPresent() || visibility.isPresent()
                || altText.isPresent();
    }

    boolean changesExpiry() {
        return expiresAt.isPresent() || neverExpire;
    }
}
