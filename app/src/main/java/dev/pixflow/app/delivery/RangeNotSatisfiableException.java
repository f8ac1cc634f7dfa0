package dev.pixflow.app.delivery;

/**
 * A Range in bytes that these bytes cannot answer: malformed, past the end, or more ranges than the
 * whole. The answer is 416 with {@code Content-Range: bytes *}{@code /SIZE}, as RFC 9110 asks.
 */
public class RangeNotSatisfiableException extends RuntimeException {
    private final long size;

    public RangeNotSatisfiableException(long size, String reason) {
        super(reason);
        this.size = size;
    }

    /** The whole representation's length, for Content-Range. */
    public long size() {
        return size;
    }
}
