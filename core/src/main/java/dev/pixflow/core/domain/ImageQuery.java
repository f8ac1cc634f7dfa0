package dev.pixflow.core.domain;

import java.util.Optional;

/** A page request over the catalogue, newest first. */
public record ImageQuery(Optional<String> tag, int limit, Optional<PageCursor> after) {
    public static final int MAX_LIMIT = 100;

    public ImageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_LIMIT);
        }
    }
}
