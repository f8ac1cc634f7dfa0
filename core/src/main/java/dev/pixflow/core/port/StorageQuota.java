package dev.pixflow.core.port;

import dev.pixflow.core.domain.QuotaExceededException;

/**
 * How many bytes each owner may keep: their originals, the renditions they asked for by recipe, and the
 * parts of their open multipart uploads. An
 * upload holds its bytes before any of them is stored and gives the hold back once its record is
 * committed (then the record's bytes count) or the upload failed: uploads of one owner in any number of
 * processes at once cannot together pass the quota, and a refused one has stored nothing.
 */
public interface StorageQuota {

    /**
     * A hold on bytes about to be stored; closing it gives them back. Closing never throws: the upload it
     * held for is done either way, and a hold that could not be given back runs out by itself.
     */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds {@code bytes} more for {@code owner}.
     *
     * @throws QuotaExceededException when they do not fit beside the owner's images and holds
     */
    Hold hold(String owner, long bytes);

    /**
     * Refuses {@code bytes} that would not fit now, holding nothing: for an upload that declares its size
     * long before it stores anything (a multipart upload's start and completion); with 0, refuses when the
     * owner is already past the quota (a rendition, whose size is known only once it is made).
     *
     * @throws QuotaExceededException when they do not fit
     */
    void check(String owner, long bytes);

    /** No quota. */
    StorageQuota NONE = new StorageQuota() {
        @Override
        public Hold hold(String owner, long bytes) {
            return () -> { };
        }

        @Override
        public void check(String owner, long bytes) {
        }
    };
}
