package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * Turns the image clockwise by {@code angle} degrees. Quarter turns are exact; other angles grow the
 * canvas to hold the turned image, filled with {@code background} (transparent when absent, which an
 * output without alpha then flattens).
 */
public record Rotate(double angle, Colour background) implements Op {
    public Rotate {
        Op.range("angle", angle, -360, 360);
        angle = Math.round(((angle % 360) + 360) % 360 * 100) / 100.0;
        if (angle == 0 || angle == 360) {
            throw new InvalidInputException("angle", "a rotation by 0 degrees does nothing");
        }
    }

    public boolean quarterTurn() {
        return angle == 90 || angle == 180 || angle == 270;
    }

    @Override
    public String name() {
        return "rotate";
    }
}
