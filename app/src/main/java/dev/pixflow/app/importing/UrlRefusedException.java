package dev.pixflow.app.importing;

/** An import URL that is not fetched at all, and why (a problem's {@code reason}). */
public class UrlRefusedException extends RuntimeException {
    private final String reason;

    public UrlRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
