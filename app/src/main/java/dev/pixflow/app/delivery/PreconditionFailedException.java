package dev.pixflow.app.delivery;

/** A delivery request whose If-Match or If-Unmodified-Since no longer holds for the answer's bytes: 412. */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String reason) {
        super(reason);
    }
}
