package dev.pixflow.app.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobStore.StoredBlob;

import java.io.IOException;
import java.io.InputStream;

/**
 * Small renditions kept in memory, bounded by their bytes (Caffeine's window TinyLFU keeps what is
 * asked for often). For a thumbnail a memory copy costs less than opening the file for sendfile.
 * Entries are keyed by blob key, size and time, so a rewritten key is never served stale; whether the
 * blob still exists is decided before this is asked (a deleted image is a 404 before any cache).
 */
public final class HotRenditions {
    private final Cache<String, byte[]> cache;
    private final long maxEntryBytes;

    public HotRenditions(long budgetBytes, long maxEntryBytes) {
        this.maxEntryBytes = budgetBytes > 0 ? Math.min(maxEntryBytes, Integer.MAX_VALUE - 16) : 0;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, budgetBytes))
                .weigher((String key, byte[] bytes) -> bytes.length + 2 * key.length() + 64)
                .executor(DeliveryLookups.ON_CALLER)
                .build();
    }

    public boolean holds(StoredBlob blob) {
        return blob.size() <= maxEntryBytes;
    }

    /** The blob's bytes from memory, read once into it; null when the blob is too large to be kept. */
    public byte[] bytes(StoredBlob blob, BlobStore blobs) throws IOException {
        if (!holds(blob)) {
            return null;
        }
        String key = key(blob);
        byte[] bytes = cache.getIfPresent(key);
        if (bytes != null) {
            return bytes;
        }
        try (InputStream in = blobs.open(blob.key(), 0)) {
            bytes = in.readNBytes((int) blob.size() + 1);
        }
        if (bytes.length != blob.size()) {
            // Replaced while we read: send what the store has now, and keep nothing.
            return null;
        }
        cache.put(key, bytes);
        return bytes;
    }

    /** The blob's bytes when they are in memory already; null otherwise (nothing is read). */
    public byte[] kept(StoredBlob blob) {
        return holds(blob) ? cache.getIfPresent(key(blob)) : null;
    }

    private static String key(StoredBlob blob) {
        return blob.key() + "|" + blob.size() + "|" + blob.lastModified().toEpochMilli();
    }

    public long weightedSize() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }
}
