package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.MetadataStore;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reading, editing and deleting image records, each on behalf of a caller: another owner's image is
 * not found, exactly like one that does not exist, so an id says nothing about whether it is taken.
 */
public final class ImageCatalog {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;

    public ImageCatalog(MetadataStore metadata, BlobStore blobs, Clock clock) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.clock = clock;
    }

    public ImageRecord get(Caller caller, ImageId id) {
        return metadata.find(id).filter(caller::owns).orElseThrow(() -> new NotFoundException("no image " + id));
    }

    /** The caller's own images only, whatever the query says. */
    public Page<ImageRecord> list(Caller caller, ImageQuery query) {
        if (!caller.owner().equals(query.owner())) {
            throw new IllegalArgumentException("a caller lists only its own images");
        }
        return metadata.list(query);
    }

    /** Applies the fields that are present; absent ones keep their value. */
    public ImageRecord edit(Caller caller, ImageId id, Optional<String> title, Optional<String> description,
                            Optional<List<String>> tags, Optional<Visibility> visibility) {
        ImageRecord current = get(caller, id);
        ImageMetadata old = current.metadata();
        ImageMetadata next = new ImageMetadata(
                title.isPresent() ? blankToNull(title.get()) : old.title(),
                description.isPresent() ? blankToNull(description.get()) : old.description(),
                tags.orElse(old.tags()),
                visibility.orElse(old.visibility()));
        if (!metadata.updateMetadata(id, next, clock.instant())) {
            throw new NotFoundException("no image " + id);
        }
        return get(caller, id);
    }

    /**
     * Removes the record first, so the image answers 404 everywhere at once, then its blobs. A crash in
     * between leaves unreferenced blobs, never a record without its original.
     */
    public void delete(Caller caller, ImageId id) throws IOException {
        get(caller, id);
        ImageRecord removed = metadata.delete(id).orElseThrow(() -> new NotFoundException("no image " + id));
        blobs.delete(removed.originalKey());
        blobs.deletePrefix(BlobKey.renditionPrefix(id));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
