package dev.pixflow.core.domain;

import dev.pixflow.core.recipe.Variant;

import java.util.List;

/**
 * A unit of work for a worker: render these of this image. {@code variants} names configured
 * variants (their recipes are the configuration's); {@code renditions} are asked-for renditions and
 * carry their recipes. Ids and recipes only, never image bytes.
 *
 * <p>A job that describes the image (alt text) instead of rendering it names the reserved
 * {@link #DESCRIBE} in {@code variants}: no variant name can start with '+', and every queue already
 * carries the variant names as they are, so the task needs no field (or migration) of its own.
 */
public record JobSpec(ImageId imageId, List<String> variants, List<Variant> renditions) {
    public JobSpec {
        variants = List.copyOf(variants);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    public JobSpec(ImageId imageId, List<String> variants) {
        this(imageId, variants, List.of());
    }

    public static final String DESCRIBE = "+alt-text";

    public static JobSpec describe(ImageId imageId) {
        return new JobSpec(imageId, List.of(DESCRIBE));
    }

    public boolean isDescribe() {
        return variants.equals(List.of(DESCRIBE));
    }
}
