package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/** Keeps part of the image; the gravity places a {@link CropArea.Box} or {@link CropArea.Aspect}. */
public record Crop(CropArea area, Gravity gravity) implements Op {
    public Crop {
        Op.required("width", area);
        gravity = gravity == null ? Gravity.CENTRE : gravity;
        if (area instanceof CropArea.Rectangle && gravity != Gravity.CENTRE) {
            throw new InvalidInputException("gravity", "a crop at x and y is placed already; gravity applies to a size or an aspect ratio");
        }
    }

    @Override
    public String name() {
        return "crop";
    }
}
