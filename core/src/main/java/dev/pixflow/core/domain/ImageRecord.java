package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Pixflow knows about one uploaded image. Width and height are as displayed (EXIF orientation
 * applied); {@code renditions} holds the renditions that exist, by name, and {@code requested} the
 * renditions asked for through the API (made or not). {@code exif} is what the camera wrote;
 * {@code expiresAt}, when set, is when the image stops existing (410 from then on).
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
        List<RenditionRequest> requested,
        Exif exif,
        Optional<Instant> expiresAt) {

    public ImageRecord {
        renditions = Map.copyOf(renditions);
        requested = requested == null ? List.of() : List.copyOf(requested);
        exif = exif == null ? Exif.NONE : exif;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    public ImageRecord(ImageId id, String owner, ImageStatus status, String filename, ImageFormat format, long bytes,
                       int width, int height, boolean hasAlpha, String sha256, BlobKey originalKey,
                       ImageMetadata metadata, Instant createdAt, Instant updatedAt, Map<String, Rendition> renditions,
                       List<RenditionRequest> requested) {
        this(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256, originalKey, metadata,
                createdAt, updatedAt, renditions, requested, Exif.NONE, Optional.empty());
    }

    public ImageRecord(ImageId id, String owner, ImageStatus status, String filename, ImageFormat format, long bytes,
                       int width, int height, boolean hasAlpha, String sha256, BlobKey originalKey,
                       ImageMetadata metadata, Instant createdAt, Instant updatedAt, Map<String, Rendition> renditions) {
        this(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256, originalKey, metadata,
                createdAt, updatedAt, renditions, List.of());
    }

    public ImageRecord withRenditions(Map<String, Rendition> next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, metadata, createdAt, updatedAt, next, requested, exif, expiresAt);
    }

    public ImageRecord withExif(Exif next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, metadata, createdAt, updatedAt, renditions, requested, next, expiresAt);
    }

    public ImageRecord withExpiresAt(Optional<Instant> next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, metadata, createdAt, updatedAt, renditions, requested, exif, next);
    }

    public ImageRecord withMetadata(ImageMetadata next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, next, createdAt, updatedAt, renditions, requested, exif, expiresAt);
    }

    /**
     * Its metadata with the tags {@code add}ed and {@code remove}d, in the order they were added: what a
     * bulk tag change makes of it, the same in every store.
     *
     * @throws InvalidInputException naming this image, when the tags it would then have are refused
     */
    public ImageMetadata retagged(List<String> add, List<String> remove) {
        LinkedHashSet<String> tags = new LinkedHashSet<>(tags());
        tags.addAll(add);
        tags.removeAll(remove);
        try {
            return metadata.withTags(List.copyOf(tags));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("add", "image " + id + ": " + e.getMessage());
        }
    }

    /** Expired at {@code now}: gone for every reader, whether or not the sweeper has removed it yet. */
    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
    }

    /** The text drawn onto the renditions asked for (text operations of their recipes): searchable. */
    public List<String> overlayTexts() {
        List<String> texts = new ArrayList<>();
        for (RenditionRequest r : requested) {
            r.variant().recipe().ops().stream().filter(Text.class::isInstance)
                    .map(op -> ((Text) op).text()).forEach(texts::add);
        }
        return texts;
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
        return made != null && made.format() == variant.format(hasAlpha) && made.madeFor(variant)
                ? java.util.Optional.of(made) : java.util.Optional.empty();
    }

    public java.util.Optional<RenditionRequest> request(String name) {
        return requested.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
