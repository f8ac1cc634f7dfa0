package dev.pixflow.core.domain;

import dev.pixflow.core.recipe.Variant;

import java.time.Instant;
import java.util.Optional;

/**
 * A rendition someone asked for through the API: it is listed with the image from the moment it is
 * asked for. It is made once a rendition of its name exists under its recipe's key; {@code error} is
 * set when its job used up its attempts.
 */
public record RenditionRequest(Variant variant, Instant requestedAt, Optional<String> error) {
    public String name() {
        return variant.name();
    }
}
