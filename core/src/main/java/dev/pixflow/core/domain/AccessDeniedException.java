package dev.pixflow.core.domain;

/** A delivery URL whose signature is missing or wrong, or a private image asked for without one (403). */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
