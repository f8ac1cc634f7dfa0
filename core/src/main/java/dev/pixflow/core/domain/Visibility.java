package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Locale;

/**
 * Who may see an image's bytes without being its owner: everyone ({@code PUBLIC}, the default, what a
 * website embeds) or no one ({@code PRIVATE}: only the owner's key, or a signed delivery URL).
 */
public enum Visibility {
    PUBLIC, PRIVATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** Parses untrusted text (a form field, a JSON value), refusing anything else as {@code field}. */
    public static Visibility parse(String text, String field) {
        if (text != null) {
            for (Visibility v : values()) {
                if (v.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
        }
        throw new InvalidInputException(field, "must be 'public' or 'private'");
    }
}
