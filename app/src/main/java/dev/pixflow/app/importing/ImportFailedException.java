package dev.pixflow.app.importing;

/** The URL was allowed but did not give an image: the remote answered an error, too slowly, or not at all. */
public class ImportFailedException extends RuntimeException {
    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
