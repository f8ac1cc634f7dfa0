package dev.pixflow.core.port;

import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.TagCount;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Finding an owner's images: listings and full-text search, duplicates by content, tag counts. */
public interface ImageSearch {

    /** A page of the query's owner's images that have not expired at {@code now}. */
    Page<ImageRecord> list(ImageQuery query, Instant now);

    /** The newest live image of {@code owner} whose original has these bytes. */
    Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now);

    /** The tags on {@code owner}'s live images, most used first, then by name. */
    List<TagCount> tags(String owner, Instant now, int limit);
}
