package dev.pixflow.core.domain;

/** A tag and how many of the asking owner's live images carry it. */
public record TagCount(String tag, long count) {
}
