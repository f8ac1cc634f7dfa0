package dev.pixflow.core.port;

import dev.pixflow.core.domain.IncomingObject;

import java.io.IOException;

/** The bytes of objects written straight into the bucket, read once to ingest them, then removed. */
public interface IncomingStore {

    /**
     * A local copy to check and store as an original; {@link java.nio.file.NoSuchFileException} when it is
     * gone, or was written again since the event (another entity tag): the new write has an event of its own.
     */
    BlobStore.LocalCopy download(IncomingObject object) throws IOException;

    /**
     * Removes the incoming object once its image is committed, or it was refused; a missing one is not an
     * error, and one written again since the event (another entity tag) is left for its own event.
     */
    void delete(IncomingObject object) throws IOException;
}
