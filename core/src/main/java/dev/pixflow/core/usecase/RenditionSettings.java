package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.RenditionLimits;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Rendering configuration the use cases share: the limits, and the logo file that recipes name as
 * {@code wm:logo}.
 */
public record RenditionSettings(RenditionLimits limits, Optional<Path> logo) {
    public static final RenditionSettings DEFAULTS = new RenditionSettings(RenditionLimits.DEFAULTS, Optional.empty());
}
