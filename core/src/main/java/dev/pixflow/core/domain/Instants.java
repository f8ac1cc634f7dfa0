package dev.pixflow.core.domain;

import java.time.Instant;

/**
 * The instants Pixflow takes from anyone: the years 1 to 9999. Later ones overflow the stores' epoch
 * milliseconds and have no HTTP date (an {@code Expires} header's year has four digits); no photo is
 * taken, kept or linked to that far off.
 */
public final class Instants {
    public static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private Instants() {
    }
}
