package dev.pixflow.app.web;

import dev.pixflow.core.domain.Instants;
import dev.pixflow.core.media.InvalidInputException;

import java.time.Instant;

/**
 * The instants a request may give (an expiry, a search bound): within the years 1 to 9999. ISO 8601
 * reads years far beyond, whose epoch milliseconds overflow the database's columns and whose HTTP dates
 * (an expiring image's Expires) have no four-digit year; no photo is taken or kept that far off.
 */
public final class RequestInstants {

    private RequestInstants() {
    }

    /** {@code at}, or a 400 naming {@code field} where it lies outside the years 1 to 9999. */
    public static Instant within(Instant at, String field) {
        if (at.isBefore(Instants.FIRST) || at.isAfter(Instants.LAST)) {
            throw new InvalidInputException(field, "must lie between " + Instants.FIRST + " and " + Instants.LAST + "; got " + at);
        }
        return at;
    }
}
