package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * One operation of a recipe, applied in order to the output of the one before. Each is a value,
 * validated when made; field names in errors are those of the JSON form.
 */
public sealed interface Op permits Resize, Crop, Rotate, Flip, Text, Watermark, Blur, Sharpen, Grayscale {

    /** The name of the operation in the JSON form ({@code "op": "resize"}). */
    String name();

    /** Largest width or height any operation may name; the configured output limit may be lower. */
    int MAX_SIDE = 65_535;

    static int side(String field, int value, boolean zeroAllowed) {
        if (value < (zeroAllowed ? 0 : 1) || value > MAX_SIDE) {
            throw new InvalidInputException(field, "must be in " + (zeroAllowed ? 0 : 1) + ".." + MAX_SIDE + ", got " + value);
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, "must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidInputException(field, "must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
