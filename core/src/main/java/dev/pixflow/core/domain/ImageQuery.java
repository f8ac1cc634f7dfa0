package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Optional;

/**
 * A page request over one owner's images. No query spans owners. {@code text}, when given, must match
 * (see {@link SearchTerms}); the sort defaults to relevance then, to newest otherwise.
 */
public record ImageQuery(String owner, ImageFilter filter, Optional<SearchTerms> text, ImageSort sort, int limit,
                         Optional<PageCursor> after) {
    public static final int MAX_LIMIT = 100;

    public ImageQuery {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a query names the owner whose images it lists");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_LIMIT);
        }
        filter = filter == null ? ImageFilter.NONE : filter;
        text = text == null ? Optional.empty() : text;
        sort = sort == null ? (text.isPresent() ? ImageSort.RELEVANCE : ImageSort.NEWEST) : sort;
        if (sort == ImageSort.RELEVANCE && text.isEmpty()) {
            throw new InvalidInputException("sort", "relevance needs a query (q)");
        }
        if (after.isPresent() && after.get().sort() != sort) {
            throw new InvalidInputException("cursor", "the cursor belongs to another sort order");
        }
    }

    /** Newest first, optionally of one tag: the plain listing. */
    public ImageQuery(String owner, Optional<String> tag, int limit, Optional<PageCursor> after) {
        this(owner, tag.map(ImageFilter::tagged).orElse(ImageFilter.NONE), Optional.empty(), ImageSort.NEWEST, limit,
                after);
    }
}
