package dev.pixflow.core.domain;

import java.util.List;
import java.util.Optional;

public record Page<T>(List<T> items, Optional<PageCursor> next) {
    public Page {
        items = List.copyOf(items);
    }
}
