package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.RecordPatch.Field;
import dev.pixflow.core.port.BlobReferences.LastReference;
import dev.pixflow.core.port.ImageRecords;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The image records. Each record is committed together with its job in the {@link JobTable} (the
 * embedded queue's table, or the outbox a relay moves to SQS), its event in the event log, and its
 * search entry: all are there or none is.
 */
public final class JdbcImageRecords implements ImageRecords {
    private final SqlDatabase db;
    private final JobTable jobs;
    private final ImageRows rows;
    private final SearchEntries search;
    private final JdbcBlobReferences references;

    JdbcImageRecords(SqlDatabase db, JobTable jobs, ImageRows rows, SearchEntries search, JdbcBlobReferences references) {
        this.db = db;
        this.jobs = jobs;
        this.rows = rows;
        this.search = search;
        this.references = references;
    }

    @Override
    public void create(ImageRecord image, JobSpec firstJob) {
        db.tx().executeWithoutResult(status -> insert(image, firstJob));
        db.signalJobs();
        db.signalEvents();
    }

    private void insert(ImageRecord image, JobSpec firstJob) {
        rows.insert(image);
        search.index(image);
        jobs.insert(firstJob, image.createdAt());
        JdbcEventLog.insert(db, ImageEvent.stored(image, image.createdAt()));
    }

    /**
     * The duplicate's lookup and the record's insert in one transaction, under a lock of the owner and
     * bytes held until it commits (PostgreSQL's advisory lock; SQLite's write lock, which its IMMEDIATE
     * transactions hold from their start): the next upload of the same bytes looks once this one is in.
     */
    @Override
    public Optional<ImageRecord> createUnlessDuplicate(ImageRecord image, JobSpec firstJob, Instant now) {
        Optional<ImageRecord> same = db.tx().execute(status -> {
            db.dialect().lockUntilCommit(db.jdbc(), duplicateLock(image.owner(), image.sha256()));
            Optional<ImageRecord> found = rows.newestWithBytes(image.owner(), image.sha256(), now);
            if (found.isEmpty()) {
                insert(image, firstJob);
            }
            return found;
        });
        if (same.isEmpty()) {
            db.signalJobs();
            db.signalEvents();
        }
        return same;
    }

    /** One lock per owner and bytes (two that share one only wait for each other). */
    private static long duplicateLock(String owner, String sha256) {
        return Long.parseUnsignedLong(sha256.substring(0, 15), 16) * 31 + owner.hashCode();
    }

    @Override
    public Optional<ImageRecord> find(ImageId id) {
        return rows.find(id);
    }

    @Override
    public Set<ImageId> existing(Collection<ImageId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> values = ids.stream().map(ImageId::value).distinct().toList();
        return new HashSet<>(db.jdbc().query("SELECT id FROM images WHERE id IN (" + JdbcOutbox.placeholders(values.size()) + ")",
                (rs, i) -> new ImageId(rs.getString(1)), values.toArray()));
    }

    @Override
    public boolean edit(ImageId id, RecordPatch patch, Instant at) {
        ImageMetadata metadata = patch.metadata();
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (patch.writes(Field.TITLE)) {
            columns.add("title");
            values.add(metadata.title());
        }
        if (patch.writes(Field.DESCRIPTION)) {
            columns.add("description");
            values.add(metadata.description());
        }
        if (patch.writes(Field.VISIBILITY)) {
            columns.add("visibility");
            values.add(metadata.visibility().id());
        }
        if (patch.writes(Field.ALT_TEXT)) {
            columns.add("alt_text");
            values.add(metadata.altText());
        }
        if (patch.writes(Field.EXPIRY)) {
            columns.add("expires_at");
            values.add(patch.expiresAt().map(Instant::toEpochMilli).orElse(null));
        }
        columns.add("updated_at");
        values.add(at.toEpochMilli());
        values.add(id.value());
        patch.unchangedSince().ifPresent(since -> values.add(since.toEpochMilli()));
        String update = "UPDATE images SET " + String.join(" = ?, ", columns) + " = ? WHERE id = ?"
                + (patch.unchangedSince().isPresent() ? " AND updated_at = ?" : "");
        Boolean updated = db.tx().execute(status -> {
            if (db.jdbc().update(update, values.toArray()) == 0) {
                return false;
            }
            if (patch.writes(Field.TAGS)) {
                rows.replaceTags(id, metadata.tags());
            }
            search.index(id);
            return true;
        });
        return Boolean.TRUE.equals(updated);
    }

    @Override
    public Retagged retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at) {
        return db.tx().execute(status -> {
            List<ImageId> updated = new ArrayList<>();
            List<ImageId> unchanged = new ArrayList<>();
            for (ImageId id : ids) {
                // Locked, so two bulk changes of one image apply one after the other rather than one lost.
                rows.lock(id);
                Optional<ImageRecord> image = find(id).filter(r -> r.owner().equals(owner) && !r.isExpired(at));
                if (image.isEmpty()) {
                    continue;
                }
                ImageMetadata next = image.get().retagged(add, remove);
                if (next.tags().equals(image.get().tags())) {
                    unchanged.add(id);
                    continue;
                }
                rows.replaceTags(id, next.tags());
                db.jdbc().update("UPDATE images SET updated_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
                search.index(id);
                updated.add(id);
            }
            return new Retagged(updated, unchanged);
        });
    }

    @Override
    public boolean fillAltText(ImageId id, String altText, Instant at) {
        Boolean filled = db.tx().execute(status -> {
            int n = db.jdbc().update("UPDATE images SET alt_text = ?, updated_at = ? WHERE id = ? AND alt_text IS NULL",
                    altText, at.toEpochMilli(), id.value());
            if (n == 1) {
                search.index(id);
            }
            return n == 1;
        });
        return Boolean.TRUE.equals(filled);
    }

    @Override
    public boolean setStatus(ImageId id, ImageStatus status, Instant at) {
        return db.jdbc().update("UPDATE images SET status = ?, updated_at = ? WHERE id = ?",
                status.id(), at.toEpochMilli(), id.value()) == 1;
    }

    @Override
    public Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, LastReference onLast,
                                        Optional<Instant> unchangedSince) {
        Optional<ImageRecord> removed = db.tx().execute(status -> {
            // Locked first, so of two removals racing only one returns the record, and no edit lands after the check.
            rows.lock(id);
            Optional<ImageRecord> found = find(id);
            if (found.isPresent() && unchangedSince.isPresent() && !unchangedSince.get().equals(found.get().updatedAt())) {
                throw new StaleRecordException(id, unchangedSince.get());
            }
            found.ifPresent(r -> {
                db.jdbc().update("DELETE FROM images WHERE id = ?", id.value());
                expiredAt.ifPresent(expiry -> db.jdbc().update("""
                        INSERT INTO tombstones (image_id, owner, visibility, expired_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (image_id) DO NOTHING""", id.value(), r.owner(), r.visibility().id(), expiry.toEpochMilli()));
                references.release(r.originalKey(), onLast);
                JdbcEventLog.insert(db, expiredAt.isPresent() ? ImageEvent.expired(r, at) : ImageEvent.deleted(r, at));
            });
            return found;
        });
        if (removed.isPresent()) {
            db.signalEvents();
        }
        return removed;
    }
}
