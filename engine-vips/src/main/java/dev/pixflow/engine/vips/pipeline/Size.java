package dev.pixflow.engine.vips.pipeline;

/** Width and height in pixels. */
record Size(int width, int height) {
}
