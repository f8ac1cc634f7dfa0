package dev.pixflow.app.importing;

import java.util.OptionalInt;

/** The URL was allowed but did not give an image: the remote answered an error, too slowly, or not at all. */
public class ImportFailedException extends RuntimeException {
    private final OptionalInt status;

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
        this.status = OptionalInt.empty();
    }

    /** The remote answered {@code status}, not a success. */
    public ImportFailedException(String message, int status) {
        super(message);
        this.status = OptionalInt.of(status);
    }

    /** The HTTP status the remote answered with, when it answered. */
    public OptionalInt status() {
        return status;
    }

    /**
     * The remote refused the request itself (a 4xx): asking again gets the same answer. Not 408 (it
     * timed out waiting for us) nor 429 (too many requests now), which pass.
     */
    public boolean refusedForGood() {
        return status.isPresent() && status.getAsInt() >= 400 && status.getAsInt() < 500
                && status.getAsInt() != 408 && status.getAsInt() != 429;
    }
}
