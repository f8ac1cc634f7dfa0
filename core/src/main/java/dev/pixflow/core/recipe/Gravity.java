package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * Where a crop, an overlay or a watermark is anchored. The compass points and the centre place by
 * geometry; {@code SMART} (libvips' attention: edges, skin, saturation) and {@code ENTROPY} (the most
 * detailed region) look at the pixels and apply to crops only.
 */
public enum Gravity {
    CENTRE("centre"), NORTH("n"), NORTH_EAST("ne"), EAST("e"), SOUTH_EAST("se"), SOUTH("s"), SOUTH_WEST("sw"),
    WEST("w"), NORTH_WEST("nw"), SMART("smart"), ENTROPY("entropy");

    private final String id;

    Gravity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean looksAtPixels() {
        return this == SMART || this == ENTROPY;
    }

    /** -1 left, 0 centre, 1 right. */
    public int horizontal() {
        return switch (this) {
            case NORTH_WEST, WEST, SOUTH_WEST -> -1;
            case NORTH_EAST, EAST, SOUTH_EAST -> 1;
            default -> 0;
        };
    }

    /** -1 top, 0 middle, 1 bottom. */
    public int vertical() {
        return switch (this) {
            case NORTH_WEST, NORTH, NORTH_EAST -> -1;
            case SOUTH_WEST, SOUTH, SOUTH_EAST -> 1;
            default -> 0;
        };
    }

    /** The offset of a {@code part}-long span in a {@code whole}-long one, placed by a -1/0/1 anchor. */
    public static int place(int anchor, int whole, int part) {
        return switch (anchor) {
            case -1 -> 0;
            case 1 -> whole - part;
            default -> (whole - part) / 2;
        };
    }

    public static Gravity fromId(String field, String id) {
        String normal = "center".equals(id) ? "centre" : id;
        for (Gravity g : values()) {
            if (g.id.equals(normal)) {
                return g;
            }
        }
        throw new InvalidInputException(field, "'" + id + "' is not a gravity (centre, n, ne, e, se, s, sw, w, nw, smart, entropy)");
    }

    static Gravity placement(String field, String id) {
        Gravity g = fromId(field, id);
        if (g.looksAtPixels()) {
            throw new InvalidInputException(field, "'" + id + "' only applies to crops; use centre or a compass point");
        }
        return g;
    }
}
