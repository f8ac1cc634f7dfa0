package dev.pixflow.core.domain;

import java.util.Locale;

/** Where one event's delivery to one hook stands. */
public enum DeliveryState {
    /** Not yet sent, or to be tried again at its next attempt. */
    PENDING,
    /** A 2xx answer came back. */
    DELIVERED,
    /** Every attempt failed; kept in the log, not tried again. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
