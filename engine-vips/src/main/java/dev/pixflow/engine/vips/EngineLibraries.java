package dev.pixflow.engine.vips;

/**
 * The native libraries the engine renders with, as the startup log and the server's info endpoint
 * show them.
 *
 * @param libvips      the libvips version, e.g. {@code 8.18.7}
 * @param libvipsFile  the file it was loaded from
 * @param configuredBy what named it: {@code pixflow.vips.library}, {@code PIXFLOW_VIPS_LIBRARY},
 *                     {@code cache} for the pinned build found in the per-user cache, or {@code system}
 *                     for the system's libvips.so.42
 * @param current      libvips 8.17 or newer
 * @param heicDecoder  what decodes HEIC (HEVC): {@code libvips 8.14.1}, {@code libheif 1.15.1}, or
 *                     {@code none}
 */
public record EngineLibraries(String libvips, String libvipsFile, String configuredBy, boolean current,
                              String heicDecoder) {
}
