package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.RenditionLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Rendering configuration the use cases share: the limits, the logo file that recipes name as
 * {@code wm:logo}, and how long one render may take (in a worker's job, from when the job was taken;
 * on a request, from when it got its render slot).
 */
public record RenditionSettings(RenditionLimits limits, Optional<Path> logo, Duration renderDeadline) {
    public static final Duration DEFAULT_RENDER_DEADLINE = Duration.ofSeconds(30);
    public static final RenditionSettings DEFAULTS = new RenditionSettings(RenditionLimits.DEFAULTS, Optional.empty(),
            DEFAULT_RENDER_DEADLINE);

    public RenditionSettings {
        if (renderDeadline.isNegative() || renderDeadline.isZero()) {
            throw new IllegalArgumentException("the render deadline must be positive, not " + renderDeadline);
        }
    }
}
