package dev.pixflow.core.domain;

/** The thing asked for does not exist (or no longer does). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
