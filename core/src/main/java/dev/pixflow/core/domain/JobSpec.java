package dev.pixflow.core.domain;

import dev.pixflow.core.recipe.Variant;

import java.util.List;

/**
 * A unit of work for a worker: render these of this image. {@code variants} names configured
 * variants (their recipes are the configuration's); {@code renditions} are asked-for renditions and
 * carry their recipes. Ids and recipes only, never image bytes.
 */
public record JobSpec(ImageId imageId, List<String> variants, List<Variant> renditions) {
    public JobSpec {
        variants = List.copyOf(variants);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    public JobSpec(ImageId imageId, List<String> variants) {
        this(imageId, variants, List.of());
    }
}
