package dev.pixflow.core.testing;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageSort;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Orientation;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Tombstone;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.recipe.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue's ports over maps, one lock standing in for the database's transactions: each method
 * changes everything it promises or, when it throws, nothing. Good enough for use case tests, with
 * these simplifications, each on purpose:
 * <ul>
 *   <li>Text search is a contains-match: every query word must occur in the image's searchable text
 *   ({@link SearchDocument}); there is no stemming and no stop word, and relevance sorts newest first
 *   with a score of 0.</li>
 *   <li>A job is handed to the given {@link InMemoryJobQueue} directly (no outbox), and events go to the
 *   given {@link InMemoryEventLog}.</li>
 * </ul>
 * It checks a contract the real stores leave unchecked: {@link #create} refuses a record whose original
 * was not retained first, so a use case that forgets {@link #retainBlob} fails its test.
 */
public final class InMemoryCatalogue implements ImageRecords, ImageSearch, RenditionRecords, BlobReferences, Expirations {
    private record Reference(int count, Instant retainedAt) {
    }

    private final InMemoryJobQueue queue;
    private final InMemoryEventLog events;
    private final Map<ImageId, ImageRecord> images = new LinkedHashMap<>();
    private final Map<ImageId, Tombstone> tombstones = new HashMap<>();
    /** Removed asked-for renditions: a late render of one records nothing, a made one's name keeps its recipe. */
    private final Map<Named, RemovedRendition> removedRequests = new HashMap<>();
    /** Asked-for names under which something was ever made: they keep their recipe once removed. */
    private final Set<Named> everMade = new HashSet<>();
    private final Map<BlobKey, Reference> references = new HashMap<>();
    private RuntimeException createFailure;

    public InMemoryCatalogue(InMemoryJobQueue queue, InMemoryEventLog events) {
        this.queue = queue;
        this.events = events;
    }

    // ---- ImageRecords

    @Override
    public synchronized void create(ImageRecord image, JobSpec firstJob) {
        if (createFailure != null) {
            RuntimeException failure = createFailure;
            createFailure = null;
            throw failure;
        }
        if (images.containsKey(image.id())) {
            throw new IllegalStateException("duplicate key: image " + image.id() + " exists");
        }
        if (referenceCount(image.originalKey()) <= holders(image.originalKey())) {
            throw new IllegalStateException("the original " + image.originalKey() + " was not retained before create");
        }
        images.put(image.id(), image);
        queue.insert(firstJob);
        events.append(ImageEvent.stored(image, image.createdAt()));
    }

    @Override
    public synchronized Optional<ImageRecord> createUnlessDuplicate(ImageRecord image, JobSpec firstJob, Instant now) {
        Optional<ImageRecord> same = findDuplicate(image.owner(), image.sha256(), now);
        if (same.isEmpty()) {
            create(image, firstJob);
        }
        return same;
    }

    @Override
    public synchronized Optional<ImageRecord> find(ImageId id) {
        return Optional.ofNullable(images.get(id));
    }

    @Override
    public synchronized Set<ImageId> existing(Collection<ImageId> ids) {
        return ids.stream().filter(images::containsKey).collect(Collectors.toSet());
    }

    @Override
    public synchronized boolean edit(ImageId id, RecordPatch patch, Instant at) {
        return change(id, r -> touched(patch.applyTo(r), at));
    }

    @Override
    public synchronized Retagged retag(String owner, List<ImageId> ids, List<String> add, List<String> remove, Instant at) {
        // Every new tag list is made before any is stored: one refused leaves all images as they were.
        Map<ImageId, ImageMetadata> next = new LinkedHashMap<>();
        for (ImageId id : ids) {
            ImageRecord r = images.get(id);
            if (r == null || !r.owner().equals(owner) || r.isExpired(at)) {
                continue;
            }
            next.put(id, r.retagged(add, remove));
        }
        List<ImageId> unchanged = next.keySet().stream().filter(id -> next.get(id).tags().equals(images.get(id).tags())).toList();
        next.keySet().removeAll(unchanged);
        next.forEach((id, metadata) -> images.put(id, touched(images.get(id).withMetadata(metadata), at)));
        return new Retagged(List.copyOf(next.keySet()), unchanged);
    }

    @Override
    public synchronized boolean fillAltText(ImageId id, String altText, Instant at) {
        ImageRecord r = images.get(id);
        if (r == null || r.metadata().altText() != null) {
            return false;
        }
        images.put(id, touched(r.withMetadata(r.metadata().withAltText(altText)), at));
        return true;
    }

    @Override
    public synchronized boolean setStatus(ImageId id, ImageStatus status, Instant at) {
        return change(id, r -> rebuild(r, status, at, r.renditions(), r.requested()));
    }

    @Override
    public synchronized Optional<ImageRecord> remove(ImageId id, Instant at, Optional<Instant> expiredAt, LastReference onLast,
                                                     Optional<Instant> unchangedSince) {
        ImageRecord r = images.get(id);
        if (r == null) {
            return Optional.empty();
        }
        if (unchangedSince.isPresent() && !unchangedSince.get().equals(r.updatedAt())) {
            throw new StaleRecordException(id, unchangedSince.get());
        }
        // The bytes go first: when that fails, the whole removal is undone, as by a rollback.
        release(r.originalKey(), onLast);
        images.remove(id);
        expiredAt.ifPresent(expiry -> tombstones.putIfAbsent(id, new Tombstone(id, r.owner(), r.visibility(), expiry)));
        events.append(expiredAt.isPresent() ? ImageEvent.expired(r, at) : ImageEvent.deleted(r, at));
        return Optional.of(r);
    }

    // ---- ImageSearch

    @Override
    public synchronized Page<ImageRecord> list(ImageQuery query, Instant now) {
        Comparator<ImageRecord> order = Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::id);
        if (query.sort() != ImageSort.OLDEST) {
            order = order.reversed();
        }
        List<ImageRecord> matching = live(query.owner(), now)
                .filter(r -> matches(query.filter(), r))
                .filter(r -> query.text().map(t -> contains(r, t)).orElse(true))
                .filter(r -> query.after().map(c -> isAfter(c, r)).orElse(true))
                .sorted(order)
                .toList();
        List<ImageRecord> page = matching.stream().limit(query.limit()).toList();
        Optional<PageCursor> next = matching.size() > page.size()
                ? Optional.of(PageCursor.after(query.sort(), 0, page.getLast()))
                : Optional.empty();
        return new Page<>(page, next);
    }

    @Override
    public synchronized Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now) {
        return live(owner, now).filter(r -> r.sha256().equals(sha256))
                .max(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::id));
    }

    @Override
    public synchronized List<TagCount> tags(String owner, Instant now, int limit) {
        Map<String, Long> counts = live(owner, now).flatMap(r -> r.tags().stream())
                .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new TagCount(e.getKey(), e.getValue()))
                .toList();
    }

    // ---- RenditionRecords

    @Override
    public synchronized boolean putRenditions(ImageId id, List<Rendition> made, Duration renderTime, Instant at) {
        ImageRecord r = images.get(id);
        if (r == null) {
            return false;
        }
        Map<String, Rendition> renditions = new LinkedHashMap<>(r.renditions());
        boolean changed = false;
        for (Rendition rendition : made) {
            if (r.request(rendition.variant()).filter(asked -> !rendition.madeFor(asked.variant())).isPresent()
                    || removedRequests.containsKey(new Named(id, rendition.variant()))) {
                continue;
            }
            Rendition recorded = renditions.get(rendition.variant());
            if (recorded != null && rendition.sameBytesAs(recorded)) {
                continue;
            }
            changed = true;
            renditions.put(rendition.variant(), rendition);
            if (r.request(rendition.variant()).isPresent()) {
                everMade.add(new Named(id, rendition.variant()));
            }
            events.append(ImageEvent.renditionReady(id, r.owner(), rendition, renderTime, at));
        }
        if (changed) {
            images.put(id, rebuild(r, r.status(), at, renditions, r.requested()));
        }
        return true;
    }

    @Override
    public synchronized OptionalLong requestRendition(ImageId id, Variant variant, Instant at, JobSpec job) {
        ImageRecord r = images.get(id);
        if (r == null) {
            return OptionalLong.empty();
        }
        RemovedRendition removed = removedRequests.get(new Named(id, variant.name()));
        if (removed != null && everMade.contains(new Named(id, variant.name()))
                && !removed.request().variant().canonical().equals(variant.canonical())) {
            throw new RenditionNameTakenException(variant.name(), removed.request().variant().canonical());
        }
        removedRequests.remove(new Named(id, variant.name()));
        List<RenditionRequest> requested = new ArrayList<>(r.requested());
        requested.removeIf(q -> q.name().equals(variant.name()));
        requested.add(new RenditionRequest(variant, at, Optional.empty()));
        images.put(id, rebuild(r, r.status(), at, r.renditions(), requested));
        return OptionalLong.of(queue.insert(job));
    }

    @Override
    public synchronized void renditionRequestFailed(ImageId id, Variant asked, String error, Instant at) {
        ImageRecord r = images.get(id);
        if (r == null || r.request(asked.name()).filter(q -> q.variant().canonical().equals(asked.canonical())).isEmpty()) {
            return;
        }
        String name = asked.name();
        String reason = error == null || error.isBlank() ? "failed" : error;
        List<RenditionRequest> requested = r.requested().stream()
                .map(q -> q.name().equals(name) ? new RenditionRequest(q.variant(), q.requestedAt(), Optional.of(reason)) : q)
                .toList();
        images.put(id, rebuild(r, r.status(), at, r.renditions(), requested));
    }

    @Override
    public synchronized Optional<RemovedRendition> removeRendition(ImageId id, String name, Instant at,
                                                                 Optional<Instant> unchangedSince) {
        ImageRecord r = images.get(id);
        if (r != null && unchangedSince.isPresent() && !unchangedSince.get().equals(r.updatedAt())) {
            throw new StaleRecordException(id, unchangedSince.get());
        }
        Optional<RenditionRequest> request = r == null ? Optional.empty() : r.request(name);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        RemovedRendition removed = new RemovedRendition(request.get(), Optional.ofNullable(r.renditions().get(name)));
        removedRequests.put(new Named(id, name), removed);
        Map<String, Rendition> renditions = new LinkedHashMap<>(r.renditions());
        renditions.remove(name);
        List<RenditionRequest> requested = new ArrayList<>(r.requested());
        requested.removeIf(q -> q.name().equals(name));
        images.put(id, rebuild(r, r.status(), at, renditions, requested));
        events.append(ImageEvent.renditionDeleted(id, r.owner(), name, removed.made(), at));
        return Optional.of(removed);
    }

    @Override
    public synchronized Set<String> renditionNames(ImageId id) {
        ImageRecord r = images.get(id);
        if (r == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        r.requested().forEach(q -> names.add(q.name()));
        removedRequests.keySet().stream().filter(n -> n.id().equals(id)).forEach(n -> names.add(n.name()));
        return names;
    }

    /** An image's rendition by name. */
    private record Named(ImageId id, String name) {
    }

    // ---- BlobReferences

    @Override
    public synchronized void retainBlob(BlobKey key, Instant at) {
        Reference old = references.get(key);
        references.put(key, old == null ? new Reference(1, at)
                : new Reference(old.count() + 1, old.retainedAt().isAfter(at) ? old.retainedAt() : at));
    }

    @Override
    public synchronized void releaseBlob(BlobKey key, LastReference onLast) {
        release(key, onLast);
    }

    @Override
    public synchronized Set<BlobKey> blobsInUse(Collection<BlobKey> keys, Instant retainedSince) {
        return keys.stream().filter(k -> holders(k) > 0 || retainedSince(k, retainedSince)).collect(Collectors.toSet());
    }

    @Override
    public synchronized boolean dropUnusedBlob(BlobKey key, Instant retainedBefore, LastReference onLast) {
        if (holders(key) > 0 || retainedSince(key, retainedBefore)) {
            return false;
        }
        released(key, onLast);
        references.remove(key);
        return true;
    }

    // ---- Expirations

    @Override
    public synchronized List<ImageRecord> expired(Instant now, int limit) {
        return images.values().stream().filter(r -> r.isExpired(now))
                .sorted(Comparator.comparing((ImageRecord r) -> r.expiresAt().orElseThrow()).thenComparing(ImageRecord::id))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Tombstone> tombstone(ImageId id) {
        return Optional.ofNullable(tombstones.get(id));
    }

    // ---- for tests

    /** The next create fails with {@code failure} and writes nothing: the database refusing the transaction. */
    public synchronized void failNextCreate(RuntimeException failure) {
        this.createFailure = failure;
    }

    /**
     * Puts a record straight in, as if uploaded (its original retained) but without its job or event:
     * for tests that start from a catalogue in a given state.
     */
    public synchronized void insert(ImageRecord image) {
        retainBlob(image.originalKey(), image.createdAt());
        images.put(image.id(), image);
    }

    /** How many references the original's bytes have (records and uploads in progress). */
    public synchronized int referenceCount(BlobKey key) {
        Reference r = references.get(key);
        return r == null ? 0 : r.count();
    }

    public synchronized boolean hasReference(BlobKey key) {
        return references.containsKey(key);
    }

    public synchronized List<ImageRecord> records() {
        return List.copyOf(images.values());
    }

    // ---- the rules

    private Stream<ImageRecord> live(String owner, Instant now) {
        return images.values().stream().filter(r -> r.owner().equals(owner) && !r.isExpired(now));
    }

    private boolean change(ImageId id, UnaryOperator<ImageRecord> edit) {
        ImageRecord r = images.get(id);
        if (r == null) {
            return false;
        }
        images.put(id, edit.apply(r));
        return true;
    }

    private void release(BlobKey key, LastReference onLast) {
        int left = referenceCount(key) - 1;
        if (left > 0) {
            references.put(key, new Reference(left, references.get(key).retainedAt()));
            return;
        }
        released(key, onLast);
        references.remove(key);
    }

    private static void released(BlobKey key, LastReference onLast) {
        try {
            onLast.released(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long holders(BlobKey key) {
        return images.values().stream().filter(r -> r.originalKey().equals(key)).count();
    }

    private boolean retainedSince(BlobKey key, Instant since) {
        Reference r = references.get(key);
        return r != null && !r.retainedAt().isBefore(since);
    }

    private static ImageRecord touched(ImageRecord r, Instant at) {
        return rebuild(r, r.status(), at, r.renditions(), r.requested());
    }

    private static ImageRecord rebuild(ImageRecord r, ImageStatus status, Instant updatedAt, Map<String, Rendition> renditions,
                                       List<RenditionRequest> requested) {
        return new ImageRecord(r.id(), r.owner(), status, r.filename(), r.format(), r.bytes(), r.width(), r.height(),
                r.hasAlpha(), r.sha256(), r.originalKey(), r.metadata(), r.createdAt(), updatedAt, renditions, requested,
                r.exif(), r.expiresAt());
    }

    /** Whether {@code r} comes after the cursor's (created at, id) in the cursor's order. */
    private static boolean isAfter(PageCursor cursor, ImageRecord r) {
        int c = Long.compare(r.createdAt().toEpochMilli(), cursor.createdAtMillis());
        if (c == 0) {
            c = r.id().compareTo(cursor.id());
        }
        return cursor.sort() == ImageSort.OLDEST ? c > 0 : c < 0;
    }

    private static boolean contains(ImageRecord r, SearchTerms terms) {
        SearchDocument doc = SearchDocument.of(r);
        String text = String.join(" ", doc.named(), doc.described(), doc.incidental());
        List<String> words = new ArrayList<>(terms.words());
        words.add(terms.last());
        return words.stream().allMatch(text::contains);
    }

    private static boolean matches(ImageFilter f, ImageRecord r) {
        Instant taken = r.exif().takenAt();
        List<Predicate<ImageRecord>> all = List.of(
                i -> i.tags().containsAll(f.tags()),
                i -> f.createdFrom().map(t -> !i.createdAt().isBefore(t)).orElse(true),
                i -> f.createdTo().map(t -> i.createdAt().isBefore(t)).orElse(true),
                i -> f.takenFrom().map(t -> taken != null && !taken.isBefore(t)).orElse(true),
                i -> f.takenTo().map(t -> taken != null && taken.isBefore(t)).orElse(true),
                i -> f.format().map(fmt -> i.format() == fmt).orElse(true),
                i -> f.minWidth().map(w -> i.width() >= w).orElse(true),
                i -> f.minHeight().map(h -> i.height() >= h).orElse(true),
                i -> f.orientation().map(o -> o == orientation(i)).orElse(true),
                i -> f.hasGps().map(g -> g == (i.exif().gps() != null)).orElse(true),
                i -> f.status().map(s -> i.status() == s).orElse(true));
        return all.stream().allMatch(p -> p.test(r));
    }

    private static Orientation orientation(ImageRecord r) {
        return r.width() > r.height() ? Orientation.LANDSCAPE : r.width() < r.height() ? Orientation.PORTRAIT : Orientation.SQUARE;
    }
}
