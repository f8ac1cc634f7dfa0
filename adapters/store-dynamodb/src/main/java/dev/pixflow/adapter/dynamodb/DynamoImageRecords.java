package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.RecordPatch.Field;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.ImageRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * The image records, an item each (see {@link ImageItems}): every change is one conditional write of
 * the item, carrying its job and its event (see {@link PendingWork}). A removal marks the item first
 * (so no rendition lands on it and no second removal returns it), gives back the original's reference,
 * appends its event, leaves the tombstone, then deletes the item.
 */
public final class DynamoImageRecords implements ImageRecords {
    /** How long a removal's mark holds without its remover: then another removal takes it over. */
    private static final Duration REMOVAL_LEASE = Duration.ofSeconds(90);

    private final Table table;
    private final PendingWork work;
    private final DynamoBlobReferences references;
    private final DynamoImageSearch search;

    DynamoImageRecords(Table table, PendingWork work, DynamoBlobReferences references, DynamoImageSearch search) {
        this.table = table;
        this.work = work;
        this.references = references;
        this.search = search;
    }

    /**
     * The lookup, then the write: two steps, as every write here is one item and not every
     * DynamoDB-compatible engine has transactions (see {@link PendingWork}). Two uploads of the same bytes
     * at the very same moment may each make an image; one a moment later finds the first.
     */
    @Override
    public Optional<ImageRecord> createUnlessDuplicate(ImageRecord image, JobSpec firstJob, Instant now) {
        Optional<ImageRecord> same = search.findDuplicate(image.owner(), image.sha256(), now);
        if (same.isEmpty()) {
            create(image, firstJob);
        }
        return same;
    }

    @Override
    public void create(ImageRecord image, JobSpec firstJob) {
        long now = table.now();
        Map<String, AttributeValue> item = ImageItems.of(image);
        item.put(ImageItems.JOBS, map(Map.of(UUID.randomUUID().toString(), ImageItems.job(firstJob, now))));
        ImageEvent stored = ImageEvent.stored(image, image.createdAt());
        item.put(ImageItems.EVENTS, map(Map.of(stored.id().toString(), PendingWork.event(stored, now))));
        item.put(CatalogueTable.WORK.pk, s(PendingWork.WORK_INDEX));
        item.put(CatalogueTable.WORK.sk, s(Keys.timed(now, image.id().value())));
        Expr e = new Expr();
        if (!table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")")) {
            throw new IllegalStateException("image " + image.id() + " exists");
        }
        table.signals.jobsWritten();
        work.afterCommit(image.id(), item);
    }

    @Override
    public Optional<ImageRecord> find(ImageId id) {
        return table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live).map(ImageItems::record);
    }

    @Override
    public Set<ImageId> existing(Collection<ImageId> ids) {
        List<Map<String, AttributeValue>> keys = ids.stream().distinct().map(id -> Table.key(Keys.image(id), Keys.IMAGE)).toList();
        Set<ImageId> found = new HashSet<>();
        table.getAll(keys).stream().filter(ImageItems::live).forEach(item -> found.add(new ImageId(str(item, "id"))));
        return found;
    }

    @Override
    public boolean edit(ImageId id, RecordPatch patch, Instant at) {
        Expr e = new Expr();
        ImageMetadata metadata = patch.metadata();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        set.add(e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)));
        // The version tells a bulk retag that read the item before this edit to read it again.
        set.add(e.name(ImageItems.VERSION) + " = " + e.name(ImageItems.VERSION) + " + " + e.value(n(1)));
        if (patch.writes(Field.TITLE)) {
            optional(e, set, remove, "title", metadata.title());
        }
        if (patch.writes(Field.DESCRIPTION)) {
            optional(e, set, remove, "description", metadata.description());
        }
        if (patch.writes(Field.TAGS)) {
            set.add(e.name(ImageItems.TAGS) + " = " + e.value(list(metadata.tags())));
        }
        if (patch.writes(Field.VISIBILITY)) {
            set.add(e.name("visibility") + " = " + e.value(s(metadata.visibility().id())));
        }
        if (patch.writes(Field.ALT_TEXT)) {
            optional(e, set, remove, "alt", metadata.altText());
        }
        if (patch.writes(Field.EXPIRY)) {
            // While an expiry is set, the item is in the due-time index, sorted by it (DynamoExpirations).
            if (patch.expiresAt().isPresent()) {
                long when = patch.expiresAt().get().toEpochMilli();
                set.add(e.name(ImageItems.EXPIRES) + " = " + e.value(n(when)));
                set.add(e.name(CatalogueTable.DUE.pk) + " = " + e.value(s(ImageItems.EXPIRY_INDEX)));
                set.add(e.name(CatalogueTable.DUE.sk) + " = " + e.value(s(Keys.timed(when, id.value()))));
            } else {
                remove.add(e.name(ImageItems.EXPIRES));
                remove.add(e.name(CatalogueTable.DUE.pk));
                remove.add(e.name(CatalogueTable.DUE.sk));
            }
        }
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        String condition = live(e) + onVersion(e, patch.unchangedSince());
        return table.update(Keys.image(id), Keys.IMAGE, e, update, condition);
    }

    private static void optional(Expr e, List<String> set, List<String> remove, String name, String value) {
        if (value == null) {
            remove.add(e.name(name));
        } else {
            set.add(e.name(name) + " = " + e.value(s(value)));
        }
    }

    /**
     * Every image's new tags are worked out and checked first, so a refusal changes none; then each is
     * written on the condition that it is the version read (a concurrent change makes that one be read
     * and worked out again). Without transactions, a process dying midway leaves the first images changed.
     */
    @Override
    public Retagged retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at) {
        Map<ImageId, Map<String, AttributeValue>> found = new LinkedHashMap<>();
        for (ImageId id : new LinkedHashSet<>(ids)) {
            table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live).filter(item -> owner.equals(str(item, "owner")))
                    .filter(item -> !ImageItems.record(item).isExpired(at)).ifPresent(item -> found.put(id, item));
        }
        Map<ImageId, List<String>> next = new LinkedHashMap<>();
        found.forEach((id, item) -> next.put(id, ImageItems.record(item).retagged(add, remove).tags()));
        List<ImageId> updated = new ArrayList<>();
        List<ImageId> unchanged = new ArrayList<>();
        for (ImageId id : next.keySet()) {
            Map<String, AttributeValue> item = found.get(id);
            List<String> tags = next.get(id);
            while (true) {
                if (tags.equals(ImageItems.record(item).tags())) {
                    unchanged.add(id);
                    break;
                }
                Expr e = new Expr();
                if (table.update(Keys.image(id), Keys.IMAGE, e, "SET " + e.name(ImageItems.TAGS) + " = " + e.value(list(tags))
                                + ", " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)) + ", " + e.name(ImageItems.VERSION)
                                + " = " + e.name(ImageItems.VERSION) + " + " + e.value(n(1)),
                        live(e) + " AND " + e.name(ImageItems.VERSION) + " = " + e.value(n(num(item, ImageItems.VERSION))))) {
                    updated.add(id);
                    break;
                }
                Optional<Map<String, AttributeValue>> again = table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live);
                if (again.isEmpty()) {
                    break;
                }
                item = again.get();
                tags = ImageItems.record(item).retagged(add, remove).tags();
            }
        }
        return new Retagged(updated, unchanged);
    }

    @Override
    public boolean fillAltText(ImageId id, String altText, Instant at) {
        Expr e = new Expr();
        return table.update(Keys.image(id), Keys.IMAGE, e, "SET " + e.name("alt") + " = " + e.value(s(altText)) + ", "
                + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)), live(e) + " AND attribute_not_exists(" + e.name("alt") + ")");
    }

    @Override
    public boolean setStatus(ImageId id, ImageStatus status, Instant at) {
        Expr e = new Expr();
        return table.update(Keys.image(id), Keys.IMAGE, e, "SET " + e.name("status") + " = " + e.value(s(status.id())) + ", "
                + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)), live(e));
    }

    @Override
    public Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, BlobReferences.LastReference onLast,
                                        Optional<Instant> unchangedSince) {
        String token = UUID.randomUUID().toString();
        Expr e = new Expr();
        String until = e.value(n(table.now() + REMOVAL_LEASE.toMillis()));
        // Marked, unless another removal holds it (a mark whose remover died is taken over), and, with a
        // version, only on it: an edit is written only on an unmarked item, so none lands after the mark.
        Optional<Map<String, AttributeValue>> marked = table.updated(Keys.image(id), Keys.IMAGE, e,
                "SET " + e.name(ImageItems.REMOVED) + " = " + e.value(s(token)) + ", " + e.name(ImageItems.REMOVED_UNTIL) + " = " + until,
                "attribute_exists(" + e.name(CatalogueTable.PK) + ") AND (attribute_not_exists(" + e.name(ImageItems.REMOVED)
                        + ") OR " + e.name(ImageItems.REMOVED_UNTIL) + " < " + e.value(n(table.now())) + ")"
                        + onVersion(e, unchangedSince),
                ReturnValue.ALL_NEW);
        if (marked.isEmpty()) {
            if (unchangedSince.isPresent() && table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live)
                    .filter(item -> !millis(unchangedSince.get()).equals(item.get(ImageItems.UPDATED))).isPresent()) {
                throw new StaleRecordException(id, unchangedSince.get());
            }
            return Optional.empty();
        }
        ImageRecord r = ImageItems.record(marked.get());
        try {
            if (references.releaseHeldBy(r.originalKey(), id) <= 0) {
                references.deleteAtZero(r.originalKey(), id, onLast);
            }
        } catch (RuntimeException failed) {
            Expr undo = new Expr();
            table.update(Keys.image(id), Keys.IMAGE, undo, "REMOVE " + undo.name(ImageItems.REMOVED) + ", " + undo.name(ImageItems.REMOVED_UNTIL),
                    undo.name(ImageItems.REMOVED) + " = " + undo.value(s(token)));
            throw failed;
        }
        // The item's own pending events first (they happened before this one), then the removal's. Any
        // still there may be a dead writer's, already appended: the log is asked.
        work.finish(id, marked.get(), true);
        work.appendOne(expiredAt.isPresent() ? ImageEvent.expired(r, at) : ImageEvent.deleted(r, at));
        expiredAt.ifPresent(expiry -> {
            Map<String, AttributeValue> tomb = new HashMap<>(Table.key(Keys.image(id), Keys.TOMBSTONE));
            tomb.put("owner", s(r.owner()));
            tomb.put("visibility", s(r.visibility().id()));
            tomb.put("expired", millis(expiry));
            table.replace(tomb);
        });
        table.delete(Keys.image(id), Keys.IMAGE, new Expr(), null);
        references.forget(r.originalKey(), id);
        return Optional.of(r);
    }

    /** With a version (a change's If-Match), the condition that the item is still it; else nothing. */
    private static String onVersion(Expr e, Optional<Instant> unchangedSince) {
        return unchangedSince.map(since -> " AND " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(since))).orElse("");
    }

    /** The item is there and no removal has marked it. */
    static String live(Expr e) {
        return "attribute_exists(" + e.name(CatalogueTable.PK) + ") AND attribute_not_exists(" + e.name(ImageItems.REMOVED) + ")";
    }
}
