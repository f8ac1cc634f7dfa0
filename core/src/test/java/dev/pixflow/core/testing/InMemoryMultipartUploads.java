package dev.pixflow.core.testing;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.MultipartUploadStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Multipart bookkeeping over maps, each change a compare-and-set on state and expiry under one lock,
 * as the store's single statements are: the use cases' races resolve here the way they do there.
 */
public final class InMemoryMultipartUploads implements MultipartUploadStore {
    private final Map<UploadId, MultipartUpload> uploads = new LinkedHashMap<>();
    private final Map<UploadId, TreeMap<Integer, UploadedPart>> parts = new HashMap<>();

    @Override
    public synchronized void create(MultipartUpload upload) {
        if (uploads.putIfAbsent(upload.id(), upload) != null) {
            throw new IllegalStateException("duplicate key: upload " + upload.id() + " exists");
        }
    }

    @Override
    public synchronized Optional<MultipartUpload> find(UploadId id) {
        return Optional.ofNullable(uploads.get(id));
    }

    @Override
    public synchronized List<UploadedPart> parts(UploadId id) {
        return List.copyOf(parts.getOrDefault(id, new TreeMap<>()).values());
    }

    @Override
    public synchronized PartRecorded recordPart(UploadId id, UploadedPart part, Instant now) {
        MultipartUpload u = uploads.get(id);
        if (u == null || u.state() != UploadState.OPEN || !u.expiresAt().isAfter(now)) {
            return PartRecorded.refused();
        }
        UploadedPart replaced = parts.computeIfAbsent(id, k -> new TreeMap<>()).put(part.number(), part);
        return new PartRecorded(true, Optional.ofNullable(replaced));
    }

    @Override
    public synchronized boolean removePart(UploadId id, UploadedPart part) {
        Map<Integer, UploadedPart> held = parts.get(id);
        UploadedPart recorded = held == null ? null : held.get(part.number());
        return recorded != null && recorded.location().equals(part.location()) && recorded.etag().equals(part.etag())
                && held.remove(part.number()) != null;
    }

    @Override
    public synchronized boolean startCompleting(UploadId id, Instant now, Instant leaseUntil, Instant holdUntil) {
        MultipartUpload u = uploads.get(id);
        boolean takeable = u != null && (u.state() == UploadState.OPEN || (u.state() == UploadState.COMPLETING
                && !u.completingUntil().orElse(Instant.EPOCH).isAfter(now)));
        if (!takeable || !u.expiresAt().isAfter(now)) {
            return false;
        }
        Instant expiry = u.expiresAt().isAfter(holdUntil) ? u.expiresAt() : holdUntil;
        uploads.put(id, with(u, UploadState.COMPLETING, u.image(), expiry, Optional.of(leaseUntil)));
        return true;
    }

    @Override
    public synchronized boolean extendCompleting(UploadId id, Instant leaseUntil) {
        MultipartUpload u = uploads.get(id);
        if (u == null || u.state() != UploadState.COMPLETING) {
            return false;
        }
        uploads.put(id, with(u, UploadState.COMPLETING, u.image(), u.expiresAt(), Optional.of(leaseUntil)));
        return true;
    }

    @Override
    public synchronized void releaseCompletions() {
        uploads.replaceAll((id, u) -> u.state() == UploadState.COMPLETING
                ? with(u, UploadState.COMPLETING, u.image(), u.expiresAt(), Optional.of(Instant.EPOCH)) : u);
    }

    @Override
    public synchronized void reopen(UploadId id, Instant expiresAt) {
        MultipartUpload u = uploads.get(id);
        if (u != null && u.state() == UploadState.COMPLETING) {
            uploads.put(id, with(u, UploadState.OPEN, u.image(), expiresAt, Optional.empty()));
        }
    }

    @Override
    public synchronized void markCompleted(UploadId id, ImageId image) {
        MultipartUpload u = uploads.get(id);
        if (u != null && u.state() == UploadState.COMPLETING) {
            uploads.put(id, with(u, UploadState.COMPLETED, Optional.of(image), u.expiresAt(), Optional.empty()));
            parts.remove(id);
        }
    }

    @Override
    public synchronized boolean deleteIfOpen(UploadId id) {
        MultipartUpload u = uploads.get(id);
        if (u == null || u.state() != UploadState.OPEN) {
            return false;
        }
        delete(id);
        return true;
    }

    @Override
    public synchronized void delete(UploadId id) {
        uploads.remove(id);
        parts.remove(id);
    }

    @Override
    public synchronized List<UploadId> expired(Instant now, int limit) {
        return uploads.values().stream().filter(u -> !u.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(MultipartUpload::expiresAt).thenComparing(u -> u.id().value()))
                .limit(limit).map(MultipartUpload::id).toList();
    }

    @Override
    public synchronized boolean deleteExpired(UploadId id, Instant now) {
        MultipartUpload u = uploads.get(id);
        if (u == null || u.expiresAt().isAfter(now)) {
            return false;
        }
        delete(id);
        return true;
    }

    private static MultipartUpload with(MultipartUpload u, UploadState state, Optional<ImageId> image, Instant expiresAt,
                                        Optional<Instant> completingUntil) {
        return new MultipartUpload(u.id(), u.owner(), u.filename(), u.contentType(), u.declaredSize(), u.metadata(),
                u.partSize(), state, image, u.createdAt(), expiresAt, u.storageId(), completingUntil);
    }
}
