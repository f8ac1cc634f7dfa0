package dev.pixflow.engine.vips;

import java.nio.file.Path;

/**
 * libvips knobs, applied process-wide when a {@link VipsImageEngine} is built (libvips has one set per
 * process, so the last engine built decides).
 *
 * @param concurrency         threads libvips may use inside one render (vips_concurrency_set). Pixflow
 *                            runs several renders at once on its own bounded pool, so the default of 1
 *                            gives throughput from that pool and keeps CPU use per render predictable;
 *                            raise it when renders are few and latency matters.
 * @param cacheMaxOperations  operations kept in libvips' operation cache (vips_cache_set_max). A render
 *                            never repeats an operation on the same input, so the cache would only pin
 *                            decoded images in memory after the render: the default is 0, disabled.
 * @param cacheMaxMemoryBytes pixel memory the cache may hold (vips_cache_set_max_mem), default 0
 * @param fontDirectory       where the DejaVu font files of text overlays are (Debian's fonts-dejavu-core)
 */
public record VipsSettings(int concurrency, int cacheMaxOperations, long cacheMaxMemoryBytes, Path fontDirectory) {
    public static final Path DEBIAN_DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

    public VipsSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (cacheMaxOperations < 0 || cacheMaxMemoryBytes < 0) {
            throw new IllegalArgumentException("cache limits must not be negative");
        }
        fontDirectory = fontDirectory == null ? DEBIAN_DEJAVU : fontDirectory;
    }

    public VipsSettings(int concurrency, int cacheMaxOperations, long cacheMaxMemoryBytes) {
        this(concurrency, cacheMaxOperations, cacheMaxMemoryBytes, DEBIAN_DEJAVU);
    }

    public static VipsSettings defaults() {
        return new VipsSettings(1, 0, 0, DEBIAN_DEJAVU);
    }
}
