package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Locale;

/**
 * The orders a listing can come in. Every one ends on the id, so it is total, and every key an image
 * is sorted by is fixed once it is written (relevance included, see {@link Relevance}): a cursor
 * holding the last key seen resumes exactly after it, whatever arrived in between.
 */
public enum ImageSort {
    NEWEST, OLDEST, RELEVANCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageSort parse(String text) {
        for (ImageSort s : values()) {
            if (s.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidInputException("sort", "must be newest, oldest or relevance");
    }
}
