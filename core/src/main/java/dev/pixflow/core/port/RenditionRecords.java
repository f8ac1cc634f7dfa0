package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.recipe.Variant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;

/** The records of an image's renditions: those made, and those asked for. */
public interface RenditionRecords {

    /**
     * Records the renditions one render made, each replacing one of the same variant, and appends a
     * {@code rendition.ready} for each, in their order, with the time the render took: all in one
     * transaction, so the variants of one decode cost one commit; false (nothing recorded, no event)
     * when the image is gone. A rendition of an asked-for name is recorded only while the request stands
     * for the recipe it was made from ({@link Rendition#madeFor}): one asked for again meanwhile is
     * left to the newer request's job, which a late older job must not undo, and one removed meanwhile
     * stays removed. A rendition whose bytes are recorded already ({@link Rendition#sameBytesAs}) is
     * nothing new: it is not written again, and no event says it is ready again (a receiver would take
     * each for news); when nothing is new the record is left as it was.
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

    /**
     * Marks an asked-for rendition as given up on, with the reason: only while its request stands for
     * {@code asked}'s recipe, so a job of a request removed ({@link #removeRendition}) or asked for again
     * under another recipe meanwhile fails nothing of the newer one.
     */
    void renditionRequestFailed(ImageId id, Variant asked, String error, Instant at);

    /**
     * The names the image holds for renditions asked for by recipe: those asked for, and those removed
     * (whose tombstones keep them, {@link #removeRendition}); none when the image is gone.
     */
    Set<String> renditionNames(ImageId id);

    /**
     * Removes an asked-for rendition, in one transaction: its request and its rendition leave the record,
     * a {@code rendition.deleted} is appended, and the record gets a new version. What is left of the
     * request is a tombstone that no reader of the record sees and that does two things. A render of it
     * still under way records nothing when it ends ({@link #putRenditions} skips it). And a name under
     * which something was ever made, by this request or an earlier one of the same recipe, keeps its
     * recipe ({@link #requestRendition} refuses another recipe, as for a made one, and takes the same
     * one back), since its URL was delivered as immutable; a name under which nothing was ever made is
     * free, as after a failure. Either way the name still counts ({@link #renditionNames}). What was
     * removed, for the caller to delete the bytes; empty when the image is gone or holds no request of
     * that name. With {@code unchangedSince}, only while the record's version ({@code updatedAt}) is that
     * one, checked in the same step: else {@link dev.pixflow.core.domain.StaleRecordException} and nothing
     * is removed.
     */
    Optional<RemovedRendition> removeRendition(ImageId id, String name, Instant at, Optional<Instant> unchangedSince);

    /** {@link #removeRendition(ImageId, String, Instant, Optional)} on whatever version the record has. */
    default Optional<RemovedRendition> removeRendition(ImageId id, String name, Instant at) {
        return removeRendition(id, name, at, Optional.empty());
    }
}
