package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Locale;

/** The shape of an image as displayed (EXIF orientation applied). */
public enum Orientation {
    LANDSCAPE, PORTRAIT, SQUARE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Orientation parse(String text) {
        for (Orientation o : values()) {
            if (o.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new InvalidInputException("orientation", "must be landscape, portrait or square");
    }
}
