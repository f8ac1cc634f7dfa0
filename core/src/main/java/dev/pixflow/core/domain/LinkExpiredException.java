package dev.pixflow.core.domain;

/** A correctly signed delivery URL past its expiry (410: it will not work again). */
public class LinkExpiredException extends RuntimeException {
    public LinkExpiredException(String message) {
        super(message);
    }
}
