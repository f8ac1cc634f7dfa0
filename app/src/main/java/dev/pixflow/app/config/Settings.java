package dev.pixflow.app.config;

import java.time.Duration;

/** The checks the settings' records make of their values: a refusal names the setting and what it got. */
public final class Settings {
    private Settings() {
    }

    public static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be more than 0; it was " + value);
        }
    }

    public static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than 0; it was " + value);
        }
    }

    public static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative; it was " + value);
        }
    }

    public static void between(String name, long value, long least, long most) {
        if (value < least || value > most) {
            throw new IllegalArgumentException(name + " must be between " + least + " and " + most + "; it was " + value);
        }
    }

    public static void atLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + "; it was " + value);
        }
    }
}
