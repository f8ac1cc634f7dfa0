package dev.pixflow.core.recipe;

import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.InvalidInputException;

/**
 * Scales to a box. A side of 0 is free: it follows from the other and the aspect ratio. {@code gravity}
 * places the crop of a {@code COVER} fit. Never enlarges unless {@code enlarge}.
 */
public record Resize(int width, int height, Fit fit, Gravity gravity, boolean enlarge) implements Op {
    public Resize {
        Op.side("width", width, true);
        Op.side("height", height, true);
        if (width == 0 && height == 0) {
            throw new InvalidInputException("width", "a resize needs a width, a height or both");
        }
        fit = fit == null ? Fit.INSIDE : fit;
        gravity = gravity == null ? Gravity.CENTRE : gravity;
        if (fit != Fit.INSIDE && (width == 0 || height == 0)) {
            throw new InvalidInputException(width == 0 ? "width" : "height", "fit " + fit.id() + " needs both width and height");
        }
        if (gravity != Gravity.CENTRE && fit != Fit.COVER) {
            throw new InvalidInputException("gravity", "only a cover fit crops, so only it takes a gravity");
        }
    }

    public static Resize inside(int width, int height) {
        return new Resize(width, height, Fit.INSIDE, Gravity.CENTRE, false);
    }

    @Override
    public String name() {
        return "resize";
    }
}
