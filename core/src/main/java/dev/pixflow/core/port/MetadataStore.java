package dev.pixflow.core.port;

import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.recipe.Variant;

import java.time.Instant;
import java.util.Optional;

/** The catalogue of images and their renditions. */
public interface MetadataStore {

    /**
     * Writes a new record and hands its first jobs to the queue in one transaction: either both are
     * there or neither is, so no job ever names an image that was not committed.
     */
    void create(ImageRecord image, JobSpec firstJob);

    Optional<ImageRecord> find(ImageId id);

    Page<ImageRecord> list(ImageQuery query);

    /** Replaces title, description and tags; false when the image does not exist. */
    boolean updateMetadata(ImageId id, ImageMetadata metadata, Instant at);

    /** Records a rendition, replacing one of the same variant; false when the image is gone. */
    boolean putRendition(ImageId id, Rendition rendition, Instant at);

    boolean setStatus(ImageId id, ImageStatus status, Instant at);

    /**
     * Records that {@code variant} was asked for (replacing an earlier request of the same name and
     * clearing its error) and hands {@code job} to the queue, in one transaction: the job's id, empty
     * when the image does not exist.
     */
    java.util.OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job);

    /** Marks an asked-for rendition as given up on, with the reason. */
    void renditionRequestFailed(ImageId id, String name, String error, Instant at);

    /** Removes the record and its renditions; the removed record, so the caller can delete its blobs. */
    Optional<ImageRecord> delete(ImageId id);
}
