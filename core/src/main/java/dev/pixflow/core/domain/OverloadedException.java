package dev.pixflow.core.domain;

/** Every render slot is busy: the caller should come back after {@code retryAfterSeconds}. */
public class OverloadedException extends RuntimeException {
    private final int retryAfterSeconds;

    public OverloadedException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
