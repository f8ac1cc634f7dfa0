package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;

import java.time.Instant;
import java.util.Optional;

/**
 * Which image each ingested stream record became, so a record delivered again makes no second image.
 * A record is named by its producer's key where it has one, otherwise by where it sits in the stream.
 */
public interface IngestedRecords {

    /** The image the record already became, if it did. */
    Optional<ImageId> find(String record);

    /**
     * Remembers that the record became the image. A record already remembered keeps its first image:
     * two consumers that both ingested it (a rebalance) do not fail on the second mark.
     */
    void remember(String record, ImageId image, Instant at);

    /** Forgets up to {@code limit} of the oldest marks written before {@code before}; the number forgotten. */
    int prune(Instant before, int limit);
}
