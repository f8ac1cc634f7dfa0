package dev.pixflow.core.domain;

/** A client sent a value the domain refuses; {@code field} names it for the problem response. */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
