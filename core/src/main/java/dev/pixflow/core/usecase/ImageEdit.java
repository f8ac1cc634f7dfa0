package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Visibility;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** The fields this edit writes; none for an edit that names nothing. */
    Set<RecordPatch.Field> fields() {
        Set<RecordPatch.Field> fields = EnumSet.noneOf(RecordPatch.Field.class);
        title.ifPresent(t -> fields.add(RecordPatch.Field.TITLE));
        description.ifPresent(d -> fields.add(RecordPatch.Field.DESCRIPTION));
        tags.ifPresent(t -> fields.add(RecordPatch.Field.TAGS));
        visibility.ifPresent(v -> fields.add(RecordPatch.Field.VISIBILITY));
        altText.ifPresent(a -> fields.add(RecordPatch.Field.ALT_TEXT));
        if (expiresAt.isPresent() || neverExpire) {
            fields.add(RecordPatch.Field.EXPIRY);
        }
        return fields;
    }
}
