package dev.pixflow.cli;

/** The server refused a request; {@code type} is the problem's stable URN where it sent one. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String type;

    ApiException(int status, String type, String detail) {
        super(status + (type == null ? "" : " " + type) + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** Worth trying again: the server was busy or its storage failed for a moment. */
    boolean retryable() {
        return status == 429 || status >= 500;
    }
}
