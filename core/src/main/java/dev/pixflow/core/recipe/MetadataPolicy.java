package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * What metadata a rendition carries. Whatever the policy, the pixels are upright (EXIF orientation
 * applied) and sRGB, and the GPS position never leaves the server in a rendition (neither in the EXIF
 * nor in the XMP): a rendition goes to anyone who may see the image, where the original goes to them
 * without it. {@code KEEP} keeps EXIF, XMP and the (sRGB) profile; {@code ALL} also IPTC and the rest.
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
