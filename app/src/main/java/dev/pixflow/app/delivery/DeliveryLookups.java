package dev.pixflow.app.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.Delivery;
import dev.pixflow.core.usecase.ImageChanges;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code /i/{id}/{variant}} looks up (the image record, its rendition, the stored object's size and
 * time), kept for a short while so a hot rendition costs no store query. Who may see it and whether it has
 * expired are decided again on every request from the kept record, so expiry needs no invalidation.
 * An edit or delete made in this process drops the image at once ({@link ImageChanges}); one made by
 * another process is seen within {@code ttl}, which bounds how stale an answer can be.
 */
public final class DeliveryLookups {
    private final DeliverImage deliver;
    /** By image, so a change drops all its variants in one step. */
    private final Cache<ImageId, Map<String, DeliverImage.Found>> cache;
    /** Counts changes: a lookup that overlapped one does not keep what it found, which may predate it. */
    private final AtomicLong changes = new AtomicLong();

    public DeliveryLookups(DeliverImage deliver, ImageChanges imageChanges, Duration ttl, long maxImages) {
        this.deliver = deliver;
        this.cache = Caffeine.newBuilder()
                .maximumSize(Math.max(0, maxImages))
                .expireAfterWrite(ttl)
                .build();
        imageChanges.onChange(this::forget);
    }

    public Delivery deliver(ImageId id, String variant, Viewer viewer) throws Exception {
        Optional<Delivery> kept = kept(id, variant, viewer);
        if (kept.isPresent()) {
            return kept.get();
        }
        long before = changes.get();
        DeliverImage.Found found = deliver.find(id, variant, viewer);
        cache.get(id, k -> new ConcurrentHashMap<>()).put(variant, found);
        if (changes.get() != before) {
            cache.invalidate(id);
        }
        return found.delivery();
    }

    /** The kept lookup when it still answers this viewer; empty when the stores must be asked. */
    public Optional<Delivery> kept(ImageId id, String variant, Viewer viewer) {
        Map<String, DeliverImage.Found> variants = cache.getIfPresent(id);
        DeliverImage.Found hit = variants == null ? null : variants.get(variant);
        return hit != null && deliver.stillServes(hit, viewer) ? Optional.of(hit.delivery()) : Optional.empty();
    }

    /** Drops what is kept of the image; the next request looks it up again. */
    public void forget(ImageId id) {
        changes.incrementAndGet();
        cache.invalidate(id);
    }
}
