package dev.pixflow.core.usecase;

import dev.pixflow.core.recipe.Variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The named variants every upload gets, in configuration order. */
public final class VariantCatalogue {
    /** 256x256 cover with an attention (smart) crop. */
    public static final String THUMB = "w:256,h:256,fit:cover,g:smart,q:80";
    /** Fits in 1024x1024. */
    public static final String MEDIUM = "w:1024,h:1024,q:82";
    /** Fits in 2048x2048. */
    public static final String LARGE = "w:2048,h:2048,q:82";

    private final Map<String, Variant> byName = new LinkedHashMap<>();

    public VariantCatalogue(List<Variant> variants) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("at least one variant is needed");
        }
        for (Variant variant : variants) {
            if (byName.putIfAbsent(variant.name(), variant) != null) {
                throw new IllegalArgumentException("variant defined twice: " + variant.name());
            }
        }
    }

    /** thumb 256x256 cover with smart crop, medium 1024 inside, large 2048 inside; never enlarged. */
    public static VariantCatalogue defaults() {
        return new VariantCatalogue(List.of(Variant.of("thumb", THUMB), Variant.of("medium", MEDIUM),
                Variant.of("large", LARGE)));
    }

    public Optional<Variant> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Variant> variants(List<String> names) {
        return names.stream().map(byName::get).filter(Objects::nonNull).toList();
    }

    public List<Variant> all() {
        return List.copyOf(byName.values());
    }
}
