package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.recipe.Variant;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Renditions made and asked for. The renditions of one render and their events, and a request and
 * its job, are each committed together, and only while the image exists (its row held until the
 * commit).
 */
public final class JdbcRenditionRecords implements RenditionRecords {
    private final SqlDatabase db;
    private final JobTable jobs;
    private final ImageRows rows;
    private final SearchEntries search;

    JdbcRenditionRecords(SqlDatabase db, JobTable jobs, ImageRows rows, SearchEntries search) {
        this.db = db;
        this.jobs = jobs;
        this.rows = rows;
        this.search = search;
    }

    @Override
    public boolean putRenditions(ImageId id, List<Rendition> renditions, Duration renderTime, Instant at) {
        Recorded done = db.tx().execute(status -> {
            // The row held for update, not shared: of two renders of the same rendition recording at once,
            // the second waits, then finds the first's bytes recorded (one rendition.ready, not two).
            if (!rows.lock(id)) {
                return Recorded.IMAGE_GONE;
            }
            String owner = db.jdbc().queryForObject("SELECT owner FROM images WHERE id = ?", String.class, id.value());
            // What is recorded already, read once for the whole render: bytes recorded again are nothing new.
            Map<String, List<String>> recorded = new HashMap<>();
            db.jdbc().query("SELECT variant, storage_key, sha256 FROM renditions WHERE image_id = ?",
                    rs -> { recorded.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3))); }, id.value());
            boolean changed = false;
            for (Rendition r : renditions) {
                // A removed request's recipe stands for nothing: no recipe (null) matches it.
                Optional<Optional<String>> asked = db.jdbc().query(
                        "SELECT CASE WHEN removed_at IS NULL THEN recipe END FROM rendition_requests WHERE image_id = ? AND name = ?",
                        (rs, i) -> Optional.ofNullable(rs.getString(1)), id.value(), r.variant()).stream().findFirst();
                if (asked.isPresent() && !asked.get().filter(recipe -> r.madeFor(Variant.of(r.variant(), recipe))).isPresent()) {
                    continue;
                }
                if (List.of(r.key().value(), r.sha256()).equals(recorded.get(r.variant()))) {
                    continue;
                }
                insert(id, r);
                changed = true;
                if (asked.isPresent()) {
                    // Delivered under its name from now on: the name keeps this recipe even once removed.
                    db.jdbc().update("UPDATE rendition_requests SET made = TRUE WHERE image_id = ? AND name = ?",
                            id.value(), r.variant());
                }
                JdbcEventLog.insert(db, ImageEvent.renditionReady(id, owner, r, renderTime, at));
            }
            if (!changed) {
                return Recorded.NOTHING_NEW;
            }
            db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            return Recorded.NEW;
        });
        if (done == Recorded.NEW) {
            db.signalEvents();
        }
        return done != Recorded.IMAGE_GONE;
    }

    private enum Recorded { IMAGE_GONE, NOTHING_NEW, NEW }

    private void insert(ImageId id, Rendition r) {
        db.jdbc().update("""
                INSERT INTO renditions (image_id, variant, storage_key, format, width, height, bytes, sha256, created_at,
                    frames, first_frame_only)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT (image_id, variant) DO UPDATE SET storage_key = excluded.storage_key,
                    format = excluded.format, width = excluded.width, height = excluded.height,
                    bytes = excluded.bytes, sha256 = excluded.sha256, created_at = excluded.created_at,
                    frames = excluded.frames, first_frame_only = excluded.first_frame_only""",
                id.value(), r.variant(), r.key().value(), r.format().id(), r.width(), r.height(), r.bytes(),
                r.sha256(), r.createdAt().toEpochMilli(), r.frames(), r.firstFrameOnly());
    }

    @Override
    public OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job) {
        Long jobId = db.tx().execute(status -> {
            // The image's row held for update: a request racing for the same name waits here, then sees this one.
            if (!rows.lock(id)) {
                return null;
            }
            // Free when never asked for, asked for with this recipe, or failed before anything was made under it.
            boolean made = !db.jdbc().queryForList("SELECT 1 FROM renditions WHERE image_id = ? AND variant = ?",
                    Integer.class, id.value(), variant.name()).isEmpty();
            db.jdbc().query("SELECT recipe, failed_error, made FROM rendition_requests WHERE image_id = ? AND name = ?", rs -> {
                String held = rs.getString(1);
                if ((rs.getString(2) == null || made || rs.getBoolean(3)) && !held.equals(variant.canonical())) {
                    throw new RenditionNameTakenException(variant.name(), held);
                }
            }, id.value(), variant.name());
            db.jdbc().update("""
                    INSERT INTO rendition_requests (image_id, name, recipe, failed_error, requested_at, updated_at)
                    VALUES (?, ?, ?, NULL, ?, ?)
                    ON CONFLICT (image_id, name) DO UPDATE SET recipe = excluded.recipe, failed_error = NULL,
                        requested_at = excluded.requested_at, updated_at = excluded.updated_at, removed_at = NULL""",
                    id.value(), variant.name(), variant.canonical(), at.toEpochMilli(), at.toEpochMilli());
            // The record lists the request: its version changes.
            db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            // Text drawn by the recipe is searchable.
            search.index(id);
            return jobs.insert(job, at);
        });
        if (jobId == null) {
            return OptionalLong.empty();
        }
        db.signalJobs();
        return OptionalLong.of(jobId);
    }

    @Override
    public void renditionRequestFailed(ImageId id, Variant asked, String error, Instant at) {
        db.tx().executeWithoutResult(status -> {
            if (db.jdbc().update("""
                    UPDATE rendition_requests SET failed_error = ?, updated_at = ?
                    WHERE image_id = ? AND name = ? AND recipe = ? AND removed_at IS NULL""",
                    error == null || error.isBlank() ? "failed" : error, at.toEpochMilli(), id.value(), asked.name(),
                    asked.canonical()) > 0) {
                // The record says it failed: its version changes.
                db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            }
        });
    }

    @Override
    public Optional<RemovedRendition> removeRendition(ImageId id, String name, Instant at, Optional<Instant> unchangedSince) {
        Optional<RemovedRendition> removed = db.tx().execute(status -> {
            // The image's row held for update, as a request does: a request racing for the name waits here.
            if (!rows.lock(id)) {
                return Optional.<RemovedRendition>empty();
            }
            ImageRecord image = rows.find(id).orElseThrow();
            if (unchangedSince.isPresent() && !unchangedSince.get().equals(image.updatedAt())) {
                throw new StaleRecordException(id, unchangedSince.get());
            }
            Optional<RenditionRequest> request = image.request(name);
            if (request.isEmpty()) {
                return Optional.<RemovedRendition>empty();
            }
            Optional<Rendition> made = Optional.ofNullable(image.renditions().get(name));
            boolean everMade = made.isPresent() || Boolean.TRUE.equals(db.jdbc().queryForObject(
                    "SELECT made FROM rendition_requests WHERE image_id = ? AND name = ?", Boolean.class, id.value(), name));
            db.jdbc().update("DELETE FROM renditions WHERE image_id = ? AND variant = ?", id.value(), name);
            // Ever made: the name keeps its recipe (no error). Never: it is free, as after a failure.
            db.jdbc().update("""
                    UPDATE rendition_requests SET removed_at = ?, updated_at = ?, failed_error = ?, made = ?
                    WHERE image_id = ? AND name = ?""",
                    at.toEpochMilli(), at.toEpochMilli(), everMade ? null : RemovedRendition.NEVER_MADE, everMade,
                    id.value(), name);
            db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
            JdbcEventLog.insert(db, ImageEvent.renditionDeleted(id, image.owner(), name, made, at));
            // Text drawn by its recipe is no longer the image's.
            search.index(id);
            return Optional.of(new RemovedRendition(request.get(), made));
        });
        if (removed.isPresent()) {
            db.signalEvents();
        }
        return removed;
    }

    @Override
    public Set<String> renditionNames(ImageId id) {
        return new HashSet<>(db.jdbc().queryForList("SELECT name FROM rendition_requests WHERE image_id = ?", String.class,
                id.value()));
    }
}
