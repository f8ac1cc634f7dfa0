package dev.pixflow.core.port;

import dev.pixflow.core.domain.BlobKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable bytes by key: originals and renditions. Writes are all-or-nothing: a reader sees either no
 * object or the whole of it, never a part.
 */
public interface BlobStore {

    /**
     * What the store knows of one object; {@code version} names these bytes (S3's ETag), so that a later
     * call can act only if the object is still the same; {@code localFile} is set where the store is the
     * local disk.
     */
    record StoredBlob(BlobKey key, long size, Instant lastModified, String version, Optional<Path> localFile) {
    }

    /**
     * A local file the engine can read; {@link #close()} removes it when it was a temporary download,
     * never when it is the store's own file.
     */
    interface LocalCopy extends AutoCloseable {
        Path path();

        @Override
        void close();
    }

    /**
     * Stores {@code source} under {@code key}, durable when this returns. The source file is consumed
     * (moved where it can be, so a spooled upload is committed by a rename).
     */
    void put(BlobKey key, Path source) throws IOException;

    /**
     * Stores {@code source} under {@code key} unless an object is there already: true when stored,
     * durable when this returns; false when another writer was first, whose object stays as it was. The
     * source is consumed either way. For objects whose bytes must not change under a reader that has
     * already sized them (two renders of one recipe need not give the same bytes).
     */
    boolean putIfAbsent(BlobKey key, Path source) throws IOException;

    Optional<StoredBlob> find(BlobKey key) throws IOException;

    /**
     * Stores under {@code target} a copy of {@code source}, if that object is still the version given,
     * inside the store (S3's CopyObject: the bytes do not pass through this process). Durable when this
     * returns true; false, with nothing stored, when the object changed or is gone.
     */
    boolean copyIfUnchanged(StoredBlob source, BlobKey target) throws IOException;

    /** Streams the object from {@code offset}; the caller closes the stream. */
    InputStream open(BlobKey key, long offset) throws IOException;

    /** A local file with the object's bytes, for decoders that want a path (shrink-on-load from file). */
    LocalCopy localCopy(BlobKey key) throws IOException;

    /** Deletes the object; deleting a missing one is not an error. */
    void delete(BlobKey key) throws IOException;

    /** Deletes every object whose key starts with {@code prefix}. */
    void deletePrefix(String prefix) throws IOException;

    /**
     * One page of the objects whose key starts with {@code prefix}, in ascending key order (the order of
     * the keys' UTF-8 bytes, as S3 lists them), beginning after {@code after} when given, at most
     * {@code limit}. A page shorter than {@code limit} is the last. Pages are for stores too large to
     * list at once: the caller passes the last key of one page as {@code after} of the next.
     */
    List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) throws IOException;

    /** A directory on the same volume as the store, for spooling uploads that {@link #put} then moves in. */
    Path spoolDirectory();
}
