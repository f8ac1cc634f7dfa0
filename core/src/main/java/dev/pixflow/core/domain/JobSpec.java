package dev.pixflow.core.domain;

import java.util.List;

/** A unit of work for a worker: render these variants of this image. Carries ids, never image bytes. */
public record JobSpec(ImageId imageId, List<String> variants) {
    public JobSpec {
        variants = List.copyOf(variants);
    }
}
