package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.domain.VariantSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The named variants every upload gets, in configuration order. */
public final class VariantCatalogue {
    private final Map<String, VariantSpec> byName = new LinkedHashMap<>();

    public VariantCatalogue(List<VariantSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("at least one variant is needed");
        }
        for (VariantSpec spec : specs) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("variant defined twice: " + spec.name());
            }
        }
    }

    /** thumb 256x256 cover with smart crop, medium 1024 inside, large 2048 inside. */
    public static VariantCatalogue defaults() {
        return new VariantCatalogue(List.of(
                new VariantSpec("thumb", 256, 256, Fit.COVER, true, 80),
                new VariantSpec("medium", 1024, 1024, Fit.INSIDE, false, 82),
                new VariantSpec("large", 2048, 2048, Fit.INSIDE, false, 82)));
    }

    public Optional<VariantSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<VariantSpec> specs(List<String> names) {
        return names.stream().map(byName::get).filter(java.util.Objects::nonNull).toList();
    }
}
