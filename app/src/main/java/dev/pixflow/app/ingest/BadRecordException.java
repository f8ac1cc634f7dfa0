package dev.pixflow.app.ingest;

/**
 * A record that can never become an image (not an image, too big, a refused URL, an unknown owner):
 * it goes to the dead-letter topic at once, with {@code reason} in its {@code pixflow-reason} header.
 */
public class BadRecordException extends RuntimeException {
    private final String reason;

    public BadRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BadRecordException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short stable id, such as {@code not-an-image} or {@code url-refused}. */
    public String reason() {
        return reason;
    }
}
