package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.recipe.Variant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The records of an image's renditions: those made, and those asked for. */
public interface RenditionRecords {

    /**
     * Records the renditions one render made, each replacing one of the same variant, and appends a
     * {@code rendition.ready} for each, in their order, with the time the render took: all in one
     * transaction, so the variants of one decode cost one commit; false (nothing recorded, no event)
     * when the image is gone. A rendition of an asked-for name is recorded only while the request is
     * for the recipe it was made from ({@link Rendition#madeFor}): one asked for again meanwhile is
     * left to the newer request's job, which a late older job must not undo.
     */
    boolean putRenditions(ImageId id, List<Rendition> renditions, Duration renderTime, Instant at);

    /**
     * Records that {@code variant} was asked for and hands {@code job} to the queue, in one transaction:
     * the job's id, empty when the image does not exist. An earlier request of the same name is replaced
     * (its error cleared) only when it asked for the same recipe or failed; otherwise nothing is written
     * and {@link RenditionNameTakenException} says which recipe the name holds. The check and the write
     * are one step, so of two requests racing for a new name under different recipes one is refused.
     */
    OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job);

    /** Marks an asked-for rendition as given up on, with the reason. */
    void renditionRequestFailed(ImageId id, String name, String error, Instant at);
}
