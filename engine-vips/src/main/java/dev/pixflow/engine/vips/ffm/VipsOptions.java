package dev.pixflow.engine.vips.ffm;

import java.util.ArrayList;
import java.util.List;

/**
 * The optional arguments of a libvips operation, in call order: {@code name, value, name, value ...}.
 * Values are String, Integer, Boolean, Double, Long or VipsImage; enum options are ints from
 * {@link VipsEnums}.
 */
public record VipsOptions(List<Object> namesAndValues) {

    private static final VipsOptions NONE = new VipsOptions(List.of());

    public VipsOptions {
        namesAndValues = List.copyOf(namesAndValues);
        if (namesAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("options come in name/value pairs");
        }
    }

    public static VipsOptions none() {
        return NONE;
    }

    public VipsOptions with(String name, Object value) {
        List<Object> more = new ArrayList<>(namesAndValues);
        more.add(name);
        more.add(value);
        return new VipsOptions(more);
    }
}
