package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Variant;

import java.util.List;

/**
 * A unit of work for a worker, ids and recipes only, never image bytes. A {@link Kind#RENDER} job
 * renders {@code variants} (configured variants, by name: their recipes are the configuration's) and
 * {@code renditions} (asked-for renditions, with their recipes); a {@link Kind#DESCRIBE} job writes
 * the image's alt text and names nothing to render.
 */
public record JobSpec(Kind kind, ImageId imageId, List<String> variants, List<Variant> renditions) {

    public enum Kind {
        RENDER, DESCRIBE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public JobSpec {
        variants = List.copyOf(variants);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        if (kind == Kind.DESCRIBE && !(variants.isEmpty() && renditions.isEmpty())) {
            throw new IllegalArgumentException("a describe job renders nothing");
        }
    }

    /** A render job. */
    public JobSpec(ImageId imageId, List<String> variants, List<Variant> renditions) {
        this(Kind.RENDER, imageId, variants, renditions);
    }

    /** A render job of configured variants. */
    public JobSpec(ImageId imageId, List<String> variants) {
        this(Kind.RENDER, imageId, variants, List.of());
    }

    public static JobSpec describe(ImageId imageId) {
        return new JobSpec(Kind.DESCRIBE, imageId, List.of(), List.of());
    }

    public boolean isDescribe() {
        return kind == Kind.DESCRIBE;
    }
}
