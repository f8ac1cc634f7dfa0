package dev.pixflow.core.domain;

import java.nio.file.Path;

/** One output of a render, written by the engine to a local file that the caller then stores. */
public record RenderedFile(VariantSpec spec, Path file, ImageFormat format, int width, int height) {
}
