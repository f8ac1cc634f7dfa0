package dev.pixflow.core.recipe;

/** Width and height in pixels. */
public record Size(int width, int height) {
    public long pixels() {
        return (long) width * height;
    }
}
