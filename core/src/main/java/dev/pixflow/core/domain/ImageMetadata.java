package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The owner-editable part of a record: title, description, tags (normalised, unique, in order),
 * visibility and alt text. Visibility lives here because it is set where the rest is (at upload, by
 * PATCH, carried by a multipart upload until it completes), so it needs no path of its own; alt text
 * because its owner edits it like a description, whoever (a model) wrote it first.
 */
public record ImageMetadata(String title, String description, List<String> tags, Visibility visibility,
                            String altText) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_ALT_TEXT = 1000;
    public static final int MAX_TAGS = 50;
    /** A letter or digit, then letters (with their accents: combining marks), digits, spaces, _ . - */
    /** What breaks a one-line title, read as a space in one stored before it was refused. */
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t\\u2028\\u2029]");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N} _.-]{0,63}");

    public ImageMetadata {
        PersonText.requireReadable("title", title, false);
        PersonText.requireReadable("description", description, true);
        PersonText.requireReadable("altText", altText, true);
        if (title != null && title.length() > MAX_TITLE) {
            throw new InvalidInputException("title", "at most " + MAX_TITLE + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        tags = normaliseTags(tags);
        visibility = visibility == null ? Visibility.PUBLIC : visibility;
        if (altText != null && altText.length() > MAX_ALT_TEXT) {
            throw new InvalidInputException("altText", "at most " + MAX_ALT_TEXT + " characters");
        }
    }

    /** Metadata as a store holds it: what an earlier version let in that is refused now is dropped, not refused. */
    public static ImageMetadata stored(String title, String description, List<String> tags, Visibility visibility,
                                       String altText) {
        // A title is one line: what breaks it, once let in, is read as a space.
        String oneLine = title == null ? null : LINE_BREAKS.matcher(PersonText.readable(title)).replaceAll(" ");
        return new ImageMetadata(oneLine, PersonText.readable(description), tags, visibility, PersonText.readable(altText));
    }

    /** Public, as an image is unless its owner says otherwise. */
    public ImageMetadata(String title, String description, List<String> tags) {
        this(title, description, tags, Visibility.PUBLIC, null);
    }

    public ImageMetadata(String title, String description, List<String> tags, Visibility visibility) {
        this(title, description, tags, visibility, null);
    }

    public ImageMetadata withVisibility(Visibility next) {
        return new ImageMetadata(title, description, tags, next, altText);
    }

    public ImageMetadata withAltText(String next) {
        return new ImageMetadata(title, description, tags, visibility, next);
    }

    public ImageMetadata withTags(List<String> next) {
        return new ImageMetadata(title, description, next, visibility, altText);
    }

    public static ImageMetadata empty() {
        return new ImageMetadata(null, null, List.of());
    }

    /** Splits a comma-separated tag list as given in a query or form field. */
    public static List<String> parseTags(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(part);
            }
        }
        return out;
    }

    public static String normaliseTag(String raw) {
        return normaliseTag(raw, "tags");
    }

    /** As {@link #normaliseTag(String)}, refused as the request's {@code field} (a bulk edit's add or remove). */
    public static String normaliseTag(String raw, String field) {
        // One spelling per tag: composed (NFC) and lower case.
        String tag = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidInputException(field, "'" + raw.strip() + "' is not a tag (letters, digits, space, _ . -; at most 64)");
        }
        return tag;
    }

    private static List<String> normaliseTags(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String t : raw) {
            unique.add(normaliseTag(t));
        }
        if (unique.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(unique);
    }
}
