package dev.pixflow.app.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pixflow.core.delivery.DeliveryAccess;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.DeadlineExceededException;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.OverloadedException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.TransformImage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What delivery looks up per request, kept for a short while so a hot rendition or a stored
 * transformation result costs no store query: for {@code /i/{id}/{variant}} the image record, its
 * rendition and the stored object's size and time; for {@code /t/} also the verified URL (a path whose
 * signature was checked once need not be checked again: the path is the key), the stored result, and
 * the image record alone, so that a recipe not seen before (or every request, with the result cache
 * off) reads no record before its render.
 * Who may see the image and whether it, or the URL, has expired are decided again on every request
 * from what is kept, so expiry needs no invalidation. An edit or delete made in this process drops the
 * image at once ({@link ImageChanges}); one made by another process is seen within {@code ttl}, which
 * bounds how stale an answer can be.
 */
public final class DeliveryLookups {
    /**
     * Where the delivery caches do their upkeep (applying reads to the eviction policy, expiring): on the
     * thread that reads, a little at a time. Caffeine's default hands it to the common pool, which at
     * delivery's rate of reads woke a pool thread thousands of times a second to take CPU from the
     * threads answering.
     */
    public static final Executor ON_CALLER = Runnable::run;

    /** A transformation URL whose signature was checked. */
    public record CheckedUrl(TransformUrl url, boolean signedToExpire) {

        /** Who the request is: a signed URL that expires stands for its holder, whatever key came with it. */
        Viewer viewer(Viewer byKey) {
            return signedToExpire ? Viewer.signed() : byKey;
        }

        boolean negotiated() {
            return url.recipe().output().format() == OutputFormat.AUTO;
        }
    }

    private final DeliverImage deliver;
    private final TransformImage transform;
    private final DeliveryAccess access;
    private final Clock clock;
    /** By image, so a change drops all its answers in one step. */
    private final Cache<ImageId, Map<String, Answer>> cache;
    /** The records that transformations render from, by image; dropped with the image's answers. */
    private final Cache<ImageId, KeptRecord> records;
    /** Verified transformation URLs by their path after {@code /t/}; a pure function of the path and the keys. */
    private final Cache<String, CheckedUrl> urls;
    /** Counts changes: a lookup that overlapped one does not keep what it found, which may predate it. */
    private final AtomicLong changes = new AtomicLong();

    public DeliveryLookups(DeliverImage deliver, TransformImage transform, DeliveryAccess access, Clock clock,
                           ImageChanges imageChanges, Duration ttl, long maxImages) {
        this.deliver = deliver;
        this.transform = transform;
        this.access = access;
        this.clock = clock;
        this.cache = byImage(maxImages).expireAfterWrite(ttl).build();
        this.records = byImage(maxImages).expireAfterWrite(ttl).build();
        this.urls = byImage(maxImages).build();
        imageChanges.onChange(this::forget);
    }

    /** {@code /i/{id}/{variant}}: the kept answer, or one looked up in the stores (404, 410 when none). */
    public Answer image(ImageId id, String variant, Viewer viewer) throws Exception {
        Optional<Answer> kept = keptImage(id, variant, viewer);
        if (kept.isPresent()) {
            return kept.get();
        }
        long before = changes.get();
        Answer found = new Answer(deliver.find(id, variant, viewer), false, Optional.empty());
        keep(id, deliver.keptAs(variant, viewer), found, before);
        return found;
    }

    /** The kept answer of {@code /i/} when it still answers this viewer; empty when the stores must be asked. */
    public Optional<Answer> keptImage(ImageId id, String variant, Viewer viewer) {
        return kept(id, deliver.keptAs(variant, viewer), viewer);
    }

    /**
     * The URL after {@code /t/}, parsed and its signature checked (403, 410, 400, 404 as
     * {@link DeliveryAccess#checkTransform} and {@link TransformUrl#parse} say), or as checked before.
     */
    public CheckedUrl check(String afterPrefix) {
        CheckedUrl kept = urls.getIfPresent(afterPrefix);
        if (kept != null && !expired(kept)) {
            return kept;
        }
        boolean mayShowPrivate = access.checkTransform(TransformUrl.Signed.of(afterPrefix));
        CheckedUrl checked = new CheckedUrl(TransformUrl.parse(afterPrefix), mayShowPrivate);
        urls.put(afterPrefix, checked);
        return checked;
    }

    /** The URL as checked before, unless it has expired since (then {@link #check} answers 410). */
    public Optional<CheckedUrl> checked(String afterPrefix) {
        CheckedUrl kept = urls.getIfPresent(afterPrefix);
        return kept == null || expired(kept) ? Optional.empty() : Optional.of(kept);
    }

    /** {@code /t/}: the kept result, or the image looked up and the result read or rendered. */
    public Answer transform(CheckedUrl checked, String afterPrefix, Viewer byKey, String accept) throws Exception {
        Viewer viewer = checked.viewer(byKey);
        String keptAs = transformKey(checked, afterPrefix, accept);
        Optional<Answer> kept = kept(checked.url().id(), keptAs, viewer);
        if (kept.isPresent()) {
            return kept.get();
        }
        long before = changes.get();
        ImageId id = checked.url().id();
        Optional<String> acceptHeader = Optional.ofNullable(accept);
        TransformImage.Transformed t = null;
        KeptRecord keptRecord = records.getIfPresent(id);
        // Only while no change has come since its lookup: what is made from it, and kept, is as old as
        // the record, and a lookup that overlapped a change may have kept what it found for a moment.
        if (keptRecord != null && keptRecord.changesBefore() == before && deliver.stillShows(keptRecord.record(), viewer)) {
            try {
                t = transform.transform(keptRecord.record(), checked.url().recipe(), acceptHeader);
            } catch (InvalidInputException | OverloadedException | RejectedImageException | DeadlineExceededException e) {
                // The recipe's fault, or the server's load: nothing the stores could tell.
                throw e;
            } catch (Exception e) {
                records.invalidate(id);
                // Deleted by another process since it was kept (its original gone)? The stores say
                // 404 or 410; if they still have the image, the render's failure stands.
                forgetIfGone(id, viewer);
                throw e;
            }
        }
        if (t == null) {
            ImageRecord found = transform.image(id, viewer);
            t = transform.transform(found, checked.url().recipe(), acceptHeader);
            // Kept even when a change overlapped this lookup: it then predates a change and goes unused.
            records.put(id, new KeptRecord(found, before));
        }
        Answer answer = new Answer(DeliverImage.Found.sameForAll(t.image(), t.delivery()), t.negotiated(), t.temporary());
        if (t.temporary().isEmpty()) {
            keep(checked.url().id(), keptAs, answer, before);
        }
        return answer;
    }

    /** The kept result of a checked {@code /t/} URL when it still answers this viewer. */
    public Optional<Answer> keptTransform(CheckedUrl checked, String afterPrefix, Viewer byKey, String accept) {
        return kept(checked.url().id(), transformKey(checked, afterPrefix, accept), checked.viewer(byKey));
    }

    /** Drops what is kept of the image; the next request looks it up again. */
    public void forget(ImageId id) {
        changes.incrementAndGet();
        cache.invalidate(id);
        records.invalidate(id);
    }

    /** Asks the stores for the image: their 404 or 410 is thrown, once what is kept of the image is dropped. */
    private void forgetIfGone(ImageId id, Viewer viewer) {
        try {
            transform.image(id, viewer);
        } catch (NotFoundException gone) {
            forget(id);
            throw gone;
        }
    }

    /** A delivery cache bounded to {@code maxImages} entries, doing its upkeep on the reading thread. */
    private static Caffeine<Object, Object> byImage(long maxImages) {
        return Caffeine.newBuilder().maximumSize(Math.max(0, maxImages)).executor(ON_CALLER);
    }

    /** A record as a transformation's lookup found it, and the count of changes before that lookup. */
    private record KeptRecord(ImageRecord record, long changesBefore) {
    }

    private Optional<Answer> kept(ImageId id, String keptAs, Viewer viewer) {
        Map<String, Answer> answers = cache.getIfPresent(id);
        Answer hit = answers == null ? null : answers.get(keptAs);
        return hit != null && deliver.stillServes(hit.found(), viewer) ? Optional.of(hit) : Optional.empty();
    }

    private void keep(ImageId id, String keptAs, Answer answer, long changesBefore) {
        cache.get(id, k -> new ConcurrentHashMap<>()).put(keptAs, answer);
        if (changes.get() != changesBefore) {
            cache.invalidate(id);
        }
    }

    /** Variant names hold no slash, so a path never meets one; a negotiated format is one answer per Accept. */
    private static String transformKey(CheckedUrl checked, String afterPrefix, String accept) {
        return checked.negotiated() ? afterPrefix + "\n" + accept : afterPrefix;
    }

    private boolean expired(CheckedUrl checked) {
        return checked.url().expires().isPresent() && clock.instant().getEpochSecond() > checked.url().expires().getAsLong();
    }
}
