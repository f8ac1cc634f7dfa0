package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading, editing and deleting image records, each on behalf of a caller: another owner's image is
 * not found, exactly like one that does not exist, so an id says nothing about whether it is taken.
 * An expired image is gone (410) to its owner, from its expiry on.
 */
public final class ImageCatalog {
    public static final int MAX_BULK = 100;
    public static final int MAX_TAG_LIST = 1000;

    private final ImageRecords records;
    private final ImageSearch search;
    private final BlobStore blobs;
    private final Clock clock;
    private final ImageChanges changes;
    private final LiveImages live;

    /** {@code changes} hears of every edit and delete made here, so delivery's cache forgets the image. */
    public ImageCatalog(LiveImages live, ImageRecords records, ImageSearch search, BlobStore blobs, ImageChanges changes) {
        this.records = records;
        this.search = search;
        this.blobs = blobs;
        this.clock = live.clock();
        this.changes = changes;
        this.live = live;
    }

    public ImageRecord get(Caller caller, ImageId id) {
        return live.require(id, caller::owns, t -> caller.owner().equals(t.owner()));
    }

    /** The caller's own images; an operator (admin) may name another owner. */
    public Page<ImageRecord> list(Caller caller, ImageQuery query) {
        if (!caller.owner().equals(query.owner()) && !caller.admin()) {
            throw new InvalidInputException("owner", "a caller lists only its own images");
        }
        return search.list(query, clock.instant());
    }

    public List<TagCount> tags(Caller caller, int limit) {
        if (limit < 1 || limit > MAX_TAG_LIST) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_TAG_LIST);
        }
        return search.tags(caller.owner(), clock.instant(), limit);
    }

    /** Applies the fields that are present; absent ones keep their value. */
    public ImageRecord edit(Caller caller, ImageId id, Optional<String> title, Optional<String> description,
                            Optional<List<String>> tags, Optional<Visibility> visibility) {
        return edit(caller, id, ImageEdit.of(title, description, tags, visibility));
    }

    /**
     * Writes the fields the edit names, all in one write, and no other: a field someone else changed
     * since {@code current} was read keeps that change. The values are checked together with the
     * record's others first, so a refused one writes nothing.
     */
    public ImageRecord edit(Caller caller, ImageId id, ImageEdit edit) {
        return edit(caller, id, edit, Condition.NONE);
    }

    /**
     * A change's condition (an HTTP {@code If-Match}), weighed on the record as the change reads it: the
     * version ({@code updatedAt}) the change is then written on, empty for any; it throws when it does not hold.
     */
    @FunctionalInterface
    public interface Condition {
        Condition NONE = current -> Optional.empty();

        Optional<Instant> versionOf(ImageRecord current);
    }

    /**
     * As {@link #edit(Caller, ImageId, ImageEdit)}, written only on the version {@code condition} names,
     * in the same write: else {@link StaleRecordException}.
     */
    public ImageRecord edit(Caller caller, ImageId id, ImageEdit edit, Condition condition) {
        ImageRecord current = get(caller, id);
        Optional<Instant> unchangedSince = condition.versionOf(current);
        edit.expiresAt().ifPresent(at -> Lifecycle.requireFuture(at, clock.instant()));
        Set<RecordPatch.Field> fields = edit.fields();
        if (!fields.isEmpty()) {
            ImageMetadata old = current.metadata();
            ImageMetadata next = new ImageMetadata(
                    edit.title().isPresent() ? blankToNull(edit.title().get()) : old.title(),
                    edit.description().isPresent() ? blankToNull(edit.description().get()) : old.description(),
                    edit.tags().orElse(old.tags()),
                    edit.visibility().orElse(old.visibility()),
                    edit.altText().isPresent() ? blankToNull(edit.altText().get()) : old.altText());
            // Kept to the millisecond, as every time of the record: compared finer, the same time sent again
            // would be a change each time, and a new version.
            Optional<Instant> expiresAt = edit.neverExpire() ? Optional.empty()
                    : edit.expiresAt().map(at -> at.truncatedTo(ChronoUnit.MILLIS));
            if (next.equals(old) && (!fields.contains(RecordPatch.Field.EXPIRY) || expiresAt.equals(current.expiresAt()))) {
                // Nothing the record shows would change: no new version, so no one else's If-Match fails for it.
                return current;
            }
            RecordPatch patch = new RecordPatch(fields, next, expiresAt);
            if (!records.edit(id, unchangedSince.map(patch::ifUnchangedSince).orElse(patch), clock.instant())) {
                if (unchangedSince.isPresent() && records.find(id).isPresent()) {
                    throw new StaleRecordException(id, unchangedSince.get());
                }
                throw new NotFoundException("no image " + id);
            }
        }
        changes.changed(id);
        return get(caller, id);
    }

    /** Adds and removes tags on several of the caller's images at once: all of them change, or none. */
    public BulkTagging retag(Caller caller, List<ImageId> ids, List<String> add, List<String> remove) {
        if (ids.isEmpty() || ids.size() > MAX_BULK) {
            throw new InvalidInputException("ids", "give 1 to " + MAX_BULK + " image ids");
        }
        if (add.isEmpty() && remove.isEmpty()) {
            throw new InvalidInputException("add", "give tags to add or to remove");
        }
        List<String> adding = add.stream().map(t -> ImageMetadata.normaliseTag(t, "add")).distinct().toList();
        List<String> removing = remove.stream().map(t -> ImageMetadata.normaliseTag(t, "remove")).distinct().toList();
        // Both at once has no order to settle it: which one a caller meant is not ours to guess.
        List<String> both = adding.stream().filter(removing::contains).toList();
        if (!both.isEmpty()) {
            throw new InvalidInputException("remove", "a tag cannot be both added and removed: " + String.join(", ", both));
        }
        List<ImageId> unique = List.copyOf(new LinkedHashSet<>(ids));
        ImageRecords.Retagged done = records.retag(caller.owner(), unique, adding, removing, clock.instant());
        List<ImageId> missing = new ArrayList<>(unique);
        missing.removeAll(done.updated());
        missing.removeAll(done.unchanged());
        return new BulkTagging(done.updated(), done.unchanged(), missing);
    }

    /**
     * Removes the record first, so the image answers 404 everywhere at once, then its renditions. The
     * original's bytes go with the record's transaction when no other record holds them. A crash after
     * the record is gone leaves unreferenced renditions, never a record without its original.
     */
    public void delete(Caller caller, ImageId id) throws IOException {
        delete(caller, id, Condition.NONE);
    }

    /**
     * As {@link #delete(Caller, ImageId)}, only on the version {@code condition} names, checked in the same
     * step as the removal: else {@link StaleRecordException}.
     */
    public void delete(Caller caller, ImageId id, Condition condition) throws IOException {
        Optional<Instant> unchangedSince = condition.versionOf(get(caller, id));
        records.remove(id, clock.instant(), Optional.empty(), blobs::delete, unchangedSince)
                .orElseThrow(() -> new NotFoundException("no image " + id));
        changes.changed(id);
        blobs.deletePrefix(BlobKey.renditionPrefix(id));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
