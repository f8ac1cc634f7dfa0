package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.RenditionRecords;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code DELETE /v1/images/{id}/renditions/{name}}: an asked-for rendition removed by its image's owner.
 * The record goes first, so the rendition is no longer listed, delivered or counted against the quota,
 * then its bytes. The configured variants go only with their image.
 */
public final class RemoveRendition {
    private static final System.Logger LOG = System.getLogger(RemoveRendition.class.getName());

    private final LiveImages live;
    private final RenditionRecords renditions;
    private final VariantCatalogue catalogue;
    private final BlobStore blobs;
    private final ImageChanges changes;

    /** {@code changes} hears of each removal, so this process's delivery forgets the rendition at once. */
    public RemoveRendition(LiveImages live, RenditionRecords renditions, VariantCatalogue catalogue, BlobStore blobs,
                           ImageChanges changes) {
        this.live = live;
        this.renditions = renditions;
        this.catalogue = catalogue;
        this.blobs = blobs;
        this.changes = changes;
    }

    /** What was removed: the request, and the rendition made under it if one was. */
    public RemovedRendition remove(Caller caller, ImageId id, String name) {
        return remove(caller, id, name, ImageCatalog.Condition.NONE);
    }

    /**
     * As {@link #remove(Caller, ImageId, String)}, only on the record's version {@code condition} names,
     * checked in the same step as the removal: else {@link dev.pixflow.core.domain.StaleRecordException}.
     */
    public RemovedRendition remove(Caller caller, ImageId id, String name, ImageCatalog.Condition condition) {
        ImageRecord image = live.require(id, caller::owns, gone -> caller.owner().equals(gone.owner()));
        Optional<Instant> unchangedSince = condition.versionOf(image);
        if (catalogue.find(name).isPresent()) {
            throw new InvalidInputException("name", "'" + name + "' is a configured variant: it goes only with its image");
        }
        RemovedRendition removed = renditions.removeRendition(id, name, live.clock().instant(), unchangedSince)
                .orElseThrow(() -> new NotFoundException("no rendition '" + name + "' of image " + id + "; asked for: "
                        + asked(image)));
        changes.changed(id);
        removed.made().map(Rendition::key).ifPresent(this::deleteBytes);
        return removed;
    }

    /**
     * The record no longer names the bytes: a failure here leaves them unlisted until their image is
     * deleted, which takes its whole prefix, and is no reason to tell the caller the removal failed.
     */
    private void deleteBytes(BlobKey key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the rendition " + key + " was removed from its record but its bytes were not deleted", e);
        }
    }

    private static String asked(ImageRecord image) {
        String names = image.requested().stream().map(RenditionRequest::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
