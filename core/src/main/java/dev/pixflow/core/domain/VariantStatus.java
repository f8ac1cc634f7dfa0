package dev.pixflow.core.domain;

import java.util.Locale;

public enum VariantStatus {
    PENDING, READY, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
