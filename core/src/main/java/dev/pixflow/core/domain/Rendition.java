package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Variant;
import java.time.Instant;

/**
 * A rendition that exists in the blob store: what delivery serves and the record lists.
 * {@code firstFrameOnly} tells that the source was animated and only its first frame was kept.
 */
public record Rendition(String variant, BlobKey key, ImageFormat format, int width, int height, long bytes,
                        String sha256, Instant createdAt, int frames, boolean firstFrameOnly) {

    public Rendition(String variant, BlobKey key, ImageFormat format, int width, int height, long bytes,
                     String sha256, Instant createdAt) {
        this(variant, key, format, width, height, bytes, sha256, createdAt, 1, false);
    }

    /**
     * Whether this is a rendition of {@code asked}'s recipe: its key names the recipe's hash. A rendition
     * of a name asked for again under another recipe while it rendered is not: the newer job records
     * its own, and this one must not be written over it.
     */
    public boolean madeFor(Variant asked) {
        return key.value().endsWith("/" + asked.name() + "-" + asked.recipeHash() + "." + format.extension());
    }

    /**
     * Whether this names the same bytes as {@code recorded}: the same stored object, with the same
     * content. A render on a request and the worker's may make one rendition twice; the first stored
     * stays ({@code BlobStore.putIfAbsent}), so the second describes it again, and is nothing new.
     */
    public boolean sameBytesAs(Rendition recorded) {
        return key.equals(recorded.key()) && sha256.equals(recorded.sha256());
    }
}
