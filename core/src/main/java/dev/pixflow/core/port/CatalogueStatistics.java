package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.TagCount;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Aggregates over every owner's records, computed by the database (GROUP BY), never by reading the
 * records into memory: what the admin statistics show.
 */
public interface CatalogueStatistics {

    /** Uploads (records created) on one UTC day, and their originals' bytes. */
    record DayUploads(LocalDate day, long uploads, long bytes) {
    }

    record FormatShare(ImageFormat format, long images, long bytes) {
    }

    /**
     * {@code perDay} (days without uploads left out), {@code formats} and {@code topTags} count the
     * records created in the window; the totals count every record there is. Records expired at the
     * moment asked about count nowhere: they are gone for everyone, as in search and the quota, even
     * before the sweep removes them.
     */
    record Summary(List<DayUploads> perDay, List<FormatShare> formats, List<TagCount> topTags, long totalImages,
                   long totalBytes) {
        public Summary {
            perDay = List.copyOf(perDay);
            formats = List.copyOf(formats);
            topTags = List.copyOf(topTags);
        }
    }

    /**
     * Records created in [{@code from}, {@code to}) and not expired at {@code at}; at most {@code topTags}
     * tags, the most used first.
     */
    Summary summarize(Instant from, Instant to, int topTags, Instant at);
}
