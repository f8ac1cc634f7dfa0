package dev.pixflow.core.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of an image's record that one edit writes, and their new values. A store writes the
 * named fields and no other, in one write: an edit never puts back a stale value of a field it did
 * not name (alt text the describer wrote, tags a bulk change added, since the editor read the
 * record), and it lands whole or not at all.
 *
 * @param fields         the fields written
 * @param metadata       the new values of the metadata fields among them; its other fields are not read
 * @param expiresAt      the new expiry when {@link Field#EXPIRY} is among them, empty for none
 * @param unchangedSince when given, the edit is written only if the record's {@code updatedAt} is still
 *                       this: the version its editor saw (an HTTP {@code If-Match}), checked in the same write
 */
public record RecordPatch(Set<Field> fields, ImageMetadata metadata, Optional<Instant> expiresAt,
                          Optional<Instant> unchangedSince) {

    /** A field of the record that an owner edits. */
    public enum Field { TITLE, DESCRIPTION, TAGS, VISIBILITY, ALT_TEXT, EXPIRY }

    private static final Set<Field> METADATA = EnumSet.complementOf(EnumSet.of(Field.EXPIRY));

    public RecordPatch {
        fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
        if (!fields.contains(Field.EXPIRY) && expiresAt.isPresent()) {
            throw new IllegalArgumentException("an expiry is given only with the EXPIRY field");
        }
    }

    public RecordPatch(Set<Field> fields, ImageMetadata metadata, Optional<Instant> expiresAt) {
        this(fields, metadata, expiresAt, Optional.empty());
    }

    /** This edit, written only while the record is still the version of {@code updatedAt}. */
    public RecordPatch ifUnchangedSince(Instant updatedAt) {
        return new RecordPatch(fields, metadata, expiresAt, Optional.of(updatedAt));
    }

    /** Every metadata field, from {@code metadata}; the expiry as it is. */
    public static RecordPatch metadata(ImageMetadata metadata) {
        return new RecordPatch(METADATA, metadata, Optional.empty());
    }

    /** The expiry alone: set, or cleared when empty. */
    public static RecordPatch expiry(Optional<Instant> expiresAt) {
        return new RecordPatch(Set.of(Field.EXPIRY), ImageMetadata.empty(), expiresAt);
    }

    public boolean writes(Field field) {
        return fields.contains(field);
    }

    /** {@code record} with the named fields written, as a store that holds whole records applies it. */
    public ImageRecord applyTo(ImageRecord record) {
        ImageMetadata old = record.metadata();
        ImageMetadata next = new ImageMetadata(
                writes(Field.TITLE) ? metadata.title() : old.title(),
                writes(Field.DESCRIPTION) ? metadata.description() : old.description(),
                writes(Field.TAGS) ? metadata.tags() : old.tags(),
                writes(Field.VISIBILITY) ? metadata.visibility() : old.visibility(),
                writes(Field.ALT_TEXT) ? metadata.altText() : old.altText());
        ImageRecord changed = record.withMetadata(next);
        return writes(Field.EXPIRY) ? changed.withExpiresAt(expiresAt) : changed;
    }
}
