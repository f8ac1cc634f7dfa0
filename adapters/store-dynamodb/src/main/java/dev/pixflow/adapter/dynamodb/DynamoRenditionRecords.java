package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.recipe.Variant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Renditions and asked-for renditions, entries of the image's item: each write is conditional on the
 * image being live, and carries its event or its job in the same write (see {@link PendingWork}).
 */
public final class DynamoRenditionRecords implements RenditionRecords {
    private final Table table;
    private final PendingWork work;
    private final Counters counters;

    DynamoRenditionRecords(Table table, PendingWork work, Counters counters) {
        this.table = table;
        this.work = work;
        this.counters = counters;
    }

    @Override
    public boolean putRenditions(ImageId id, List<Rendition> renditions, Duration renderTime, Instant at) {
        // Decided on the item as read, and written on the condition that the requests decided on are as
        // read: a request made in between fails the write, and the item is read and decided on again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Map<String, AttributeValue>> before = table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live);
            if (before.isEmpty()) {
                return false;
            }
            if (tryPut(id, before.get(), renditions, renderTime, at)) {
                return true;
            }
        }
        // Asked for again three times while this one wrote: the newest request's job records its own.
        return table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live).isPresent();
    }

    private boolean tryPut(ImageId id, Map<String, AttributeValue> before, List<Rendition> renditions, Duration renderTime,
                           Instant at) {
        long now = table.now();
        Expr e = new Expr();
        // The event names the owner, which only the item knows (and never changes).
        String owner = str(before, "owner");
        Map<String, AttributeValue> requests = submap(before, ImageItems.REQUESTS);
        Map<String, AttributeValue> recorded = submap(before, ImageItems.RENDITIONS);
        StringBuilder update = new StringBuilder("SET ");
        StringBuilder condition = new StringBuilder(DynamoImageRecords.live(e));
        List<Rendition> kept = new ArrayList<>();
        for (Rendition rendition : renditions) {
            AttributeValue was = recorded.get(rendition.variant());
            // Decided before anything of it enters the expressions: DynamoDB refuses a name that none of them uses.
            if (was != null && rendition.sameBytesAs(ImageItems.rendition(rendition.variant(), was.m()))) {
                continue;
            }
            AttributeValue asked = requests.get(rendition.variant());
            if (asked != null) {
                String recipe = str(asked.m(), "recipe");
                if (asked.m().containsKey(ImageItems.REQUEST_REMOVED) || !rendition.madeFor(Variant.of(rendition.variant(), recipe))) {
                    continue;
                }
                String request = e.path(ImageItems.REQUESTS, rendition.variant());
                condition.append(" AND ").append(request).append(".").append(e.name("recipe")).append(" = ")
                        .append(e.value(s(recipe))).append(" AND attribute_not_exists(").append(request).append(".")
                        .append(e.name(ImageItems.REQUEST_REMOVED)).append(")");
            }
            String made = e.path(ImageItems.RENDITIONS, rendition.variant());
            if (was == null) {
                condition.append(" AND attribute_not_exists(").append(made).append(")");
            } else {
                // As read: of two writers of the same bytes, the second fails here, reads again and skips them.
                condition.append(" AND ").append(made).append(".").append(e.name("sha256")).append(" = ")
                        .append(e.value(was.m().get("sha256")));
            }
            kept.add(rendition);
        }
        if (kept.isEmpty()) {
            return true;
        }
        List<String> askedNames = new ArrayList<>();
        for (Rendition rendition : kept) {
            ImageEvent ready = ImageEvent.renditionReady(id, owner, rendition, renderTime, at);
            update.append(e.path(ImageItems.RENDITIONS, rendition.variant())).append(" = ")
                    .append(e.value(ImageItems.rendition(rendition))).append(PendingWork.addEvent(e, ready, now)).append(", ");
            if (requests.containsKey(rendition.variant())) {
                askedNames.add(rendition.variant());
            }
        }
        update.append(e.name(ImageItems.UPDATED)).append(" = ").append(e.value(millis(at)))
                .append(", ").append(PendingWork.enter(e, now, id));
        if (!askedNames.isEmpty()) {
            // Delivered under their names from now on: each keeps its recipe even once removed.
            update.append(" ADD ").append(e.name(ImageItems.MADE_NAMES)).append(" ").append(e.value(AttributeValue.fromSs(askedNames)));
        }
        if (!table.update(Keys.image(id), Keys.IMAGE, e, update.toString(), condition.toString())) {
            return false;
        }
        work.afterCommit(id, null);
        return true;
    }

    @Override
    public OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job) {
        long jobId = counters.take("jobs", 1);
        // Written on the condition that the name is free, holds the same recipe, or failed; a refused
        // write reads the item to tell a taken name from a gone image, and tries again if it was neither.
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = table.now();
            Expr e = new Expr();
            String request = e.path(ImageItems.REQUESTS, variant.name());
            // The record lists the request: its version (updated) changes.
            String update = "SET " + request + " = " + e.value(ImageItems.request(variant, at))
                    + ", " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at))
                    + ", " + e.path(ImageItems.JOBS, UUID.randomUUID().toString()) + " = " + e.value(ImageItems.job(job, now))
                    + ", " + PendingWork.enter(e, now, id);
            // Free when never asked for, asked for with this recipe, or failed (or removed) before anything was
            // ever made under it.
            String condition = DynamoImageRecords.live(e) + " AND (attribute_not_exists(" + request + ") OR "
                    + request + "." + e.name("recipe") + " = " + e.value(s(variant.canonical()))
                    + " OR (attribute_exists(" + request + "." + e.name("error") + ") AND attribute_not_exists("
                    + e.path(ImageItems.RENDITIONS, variant.name()) + ") AND NOT contains(" + e.name(ImageItems.MADE_NAMES)
                    + ", " + e.value(s(variant.name())) + ")))";
            if (table.updated(Keys.image(id), Keys.IMAGE, e, update, condition, ReturnValue.NONE).isPresent()) {
                table.signals.jobsWritten();
                return OptionalLong.of(jobId);
            }
            Optional<Map<String, AttributeValue>> item = table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live);
            if (item.isEmpty()) {
                return OptionalLong.empty();
            }
            AttributeValue held = submap(item.get(), ImageItems.REQUESTS).get(variant.name());
            boolean made = ImageItems.everMade(item.get(), variant.name());
            if (held != null && (!held.m().containsKey("error") || made) && !variant.canonical().equals(str(held.m(), "recipe"))) {
                throw new RenditionNameTakenException(variant.name(), str(held.m(), "recipe"));
            }
        }
        throw new IllegalStateException("the rendition request for " + variant.name() + " of " + id
                + " was refused three times by a condition that then held");
    }

    @Override
    public void renditionRequestFailed(ImageId id, Variant asked, String error, Instant at) {
        String name = asked.name();
        Expr e = new Expr();
        // The record says it failed: its version (updated) changes.
        table.update(Keys.image(id), Keys.IMAGE, e, "SET " + e.path(ImageItems.REQUESTS, name) + "." + e.name("error") + " = "
                + e.value(s(error == null || error.isBlank() ? "failed" : error)) + ", " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)),
                DynamoImageRecords.live(e) + " AND attribute_exists(" + e.path(ImageItems.REQUESTS, name) + ")"
                        + " AND attribute_not_exists(" + e.path(ImageItems.REQUESTS, name) + "." + e.name(ImageItems.REQUEST_REMOVED) + ")"
                        + " AND " + e.path(ImageItems.REQUESTS, name) + "." + e.name("recipe") + " = " + e.value(s(asked.canonical())));
    }

    @Override
    public Optional<RemovedRendition> removeRendition(ImageId id, String name, Instant at, Optional<Instant> unchangedSince) {
        // Decided on the item as read, and written on the condition that the request and the rendition
        // are still as read: a render or a request in between fails the write, and it is decided again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Map<String, AttributeValue>> item = table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live);
            AttributeValue entry = item.map(i -> submap(i, ImageItems.REQUESTS).get(name)).orElse(null);
            ImageRecord image = item.map(ImageItems::record).orElse(null);
            if (image != null && unchangedSince.isPresent() && !unchangedSince.get().equals(image.updatedAt())) {
                throw new StaleRecordException(id, unchangedSince.get());
            }
            if (entry == null || entry.m().containsKey(ImageItems.REQUEST_REMOVED)) {
                return Optional.empty();
            }
            Optional<Rendition> made = Optional.ofNullable(image.renditions().get(name));
            boolean everMade = made.isPresent() || ImageItems.everMade(item.get(), name);
            long now = table.now();
            Expr e = new Expr();
            String request = e.path(ImageItems.REQUESTS, name);
            String rendition = e.path(ImageItems.RENDITIONS, name);
            ImageEvent deleted = ImageEvent.renditionDeleted(id, image.owner(), name, made, at);
            // Ever made: the name keeps its recipe (no error). Never: it is free, as after a failure.
            String update = "SET " + request + "." + e.name(ImageItems.REQUEST_REMOVED) + " = " + e.value(millis(at))
                    + (everMade ? "" : ", " + request + "." + e.name("error") + " = " + e.value(s(RemovedRendition.NEVER_MADE)))
                    + ", " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(at)) + PendingWork.addEvent(e, deleted, now)
                    + ", " + PendingWork.enter(e, now, id)
                    + (everMade ? " REMOVE " + request + "." + e.name("error") + (made.isPresent() ? ", " + rendition : "") : "")
                    + (made.isPresent() ? " ADD " + e.name(ImageItems.MADE_NAMES) + " " + e.value(AttributeValue.fromSs(List.of(name))) : "");
            // The version as read, when the caller names one, so a change in between is seen as stale.
            String condition = DynamoImageRecords.live(e)
                    + (unchangedSince.isPresent() ? " AND " + e.name(ImageItems.UPDATED) + " = " + e.value(millis(image.updatedAt())) : "")
                    + " AND " + request + "." + e.name("recipe") + " = "
                    + e.value(entry.m().get("recipe")) + " AND attribute_not_exists(" + request + "."
                    + e.name(ImageItems.REQUEST_REMOVED) + ") AND "
                    + (made.isPresent() ? rendition + "." + e.name("key") + " = " + e.value(s(made.get().key().value()))
                    : "attribute_not_exists(" + rendition + ")");
            if (table.update(Keys.image(id), Keys.IMAGE, e, update, condition)) {
                work.afterCommit(id, null);
                return Optional.of(new RemovedRendition(ImageItems.request(name, entry), made));
            }
        }
        throw new IllegalStateException("the removal of rendition " + name + " of " + id
                + " was refused three times by a condition that then held");
    }

    @Override
    public Set<String> renditionNames(ImageId id) {
        return table.get(Keys.image(id), Keys.IMAGE).filter(ImageItems::live)
                .map(item -> Set.copyOf(submap(item, ImageItems.REQUESTS).keySet())).orElse(Set.of());
    }
}
