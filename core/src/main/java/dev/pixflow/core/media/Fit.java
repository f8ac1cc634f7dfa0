package dev.pixflow.core.media;

import java.util.Locale;

/** How a resize fits the target box. */
public enum Fit {
    /** Scale to fit within the box, keeping the aspect ratio. */
    INSIDE,
    /** Scale to cover the box, then crop to it. */
    COVER,
    /** Scale each side to the box exactly, ignoring the aspect ratio. */
    FILL,
    /** Scale to cover the box, keeping the aspect ratio, without cropping. */
    OUTSIDE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Fit fromId(String field, String id) {
        for (Fit fit : values()) {
            if (fit.id().equals(id)) {
                return fit;
            }
        }
        throw new InvalidInputException(field, "'" + id + "' is not a fit (inside, cover, fill, outside)");
    }
}
