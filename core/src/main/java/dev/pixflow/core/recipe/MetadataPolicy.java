package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * What metadata a rendition carries. Whatever the policy, the pixels are upright (EXIF orientation
 * applied) and sRGB. {@code KEEP} keeps EXIF, XMP and the (sRGB) profile but never the GPS position;
 * only {@code ALL} lets the position leave the server.
 */
public enum MetadataPolicy {
    STRIP("strip"), KEEP("keep"), ALL("all");

    private final String id;

    MetadataPolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static MetadataPolicy fromId(String field, String id) {
        for (MetadataPolicy m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new InvalidInputException(field, "'" + id + "' is not a metadata policy (strip, keep, all)");
    }
}
