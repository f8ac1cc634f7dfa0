package dev.pixflow.core.domain;

import java.util.Optional;

/** A page request over one owner's images, newest first. No query spans owners. */
public record ImageQuery(String owner, Optional<String> tag, int limit, Optional<PageCursor> after) {
    public static final int MAX_LIMIT = 100;

    public ImageQuery {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a query names the owner whose images it lists");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_LIMIT);
        }
    }
}
