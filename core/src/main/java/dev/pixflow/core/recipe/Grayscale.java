package dev.pixflow.core.recipe;

/** Removes the colour, keeping the image three-band sRGB (and its alpha). */
public record Grayscale() implements Op {
    @Override
    public String name() {
        return "grayscale";
    }
}
