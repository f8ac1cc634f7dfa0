package dev.pixflow.app.delivery;

/** A request whose If-Match or If-Unmodified-Since no longer holds for what it names: 412. */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String reason) {
        super(reason);
    }
}
