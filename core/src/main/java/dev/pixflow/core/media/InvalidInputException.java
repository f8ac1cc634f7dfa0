package dev.pixflow.core.media;

/**
 * A client sent a value the domain refuses; {@code field} names it for the problem response. It is an
 * IllegalArgumentException, so configuration built from the same values fails the same way.
 */
public class InvalidInputException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.reason = message;
    }

    public String field() {
        return field;
    }

    /** What is wrong with the value, without the field's name. */
    public String reason() {
        return reason;
    }
}
