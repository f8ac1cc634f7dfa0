package dev.pixflow.core.domain;

import java.util.Locale;

/** Where an image is in its life: renditions still being made, all made, or given up on. */
public enum ImageStatus {
    PROCESSING, READY, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
