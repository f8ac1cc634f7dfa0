package dev.pixflow.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Pixflow knows about one uploaded image. Width and height are as displayed (EXIF orientation
 * applied); {@code renditions} holds the renditions that exist, by name, and {@code requested} the
 * renditions asked for through the API (made or not).
 */
public record ImageRecord(
        ImageId id,
        String owner,
        ImageStatus status,
        String filename,
        ImageFormat format,
        long bytes,
        int width,
        int height,
        boolean hasAlpha,
        String sha256,
        BlobKey originalKey,
        ImageMetadata metadata,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Rendition> renditions,
        List<RenditionRequest> requested) {

    public ImageRecord {
        renditions = Map.copyOf(renditions);
        requested = requested == null ? List.of() : List.copyOf(requested);
    }

    public ImageRecord(ImageId id, String owner, ImageStatus status, String filename, ImageFormat format, long bytes,
                       int width, int height, boolean hasAlpha, String sha256, BlobKey originalKey,
                       ImageMetadata metadata, Instant createdAt, Instant updatedAt, Map<String, Rendition> renditions) {
        this(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256, originalKey, metadata,
                createdAt, updatedAt, renditions, List.of());
    }

    public ImageRecord withRenditions(Map<String, Rendition> next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, metadata, createdAt, updatedAt, next, requested);
    }

    public List<String> tags() {
        return metadata.tags();
    }

    public Visibility visibility() {
        return metadata.visibility();
    }

    /** The rendition of {@code variant} made under its current recipe, if there is one. */
    public java.util.Optional<Rendition> madeUnder(dev.pixflow.core.recipe.Variant variant) {
        Rendition made = renditions.get(variant.name());
        BlobKey expected = BlobKey.rendition(id, variant.name(), variant.recipeHash(), variant.format(hasAlpha));
        return made != null && made.key().equals(expected) ? java.util.Optional.of(made) : java.util.Optional.empty();
    }

    public java.util.Optional<RenditionRequest> request(String name) {
        return requested.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
