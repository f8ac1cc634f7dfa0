package dev.pixflow.engine.vips.ffm;

/** A libvips call failed; the message is what libvips wrote to its error buffer. */
public class VipsException extends RuntimeException {
    private final String operation;

    public VipsException(String operation, String message) {
        super(operation + ": " + message);
        this.operation = operation;
    }

    /** The C function that failed, e.g. {@code vips_thumbnail}. */
    public String operation() {
        return operation;
    }
}
