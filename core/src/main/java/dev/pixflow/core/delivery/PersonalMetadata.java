package dev.pixflow.core.delivery;

import dev.pixflow.core.media.ImageFormat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes out of an original what tells about the person rather than the picture (where it was taken,
 * the camera's and lens's serial numbers, the owner's name, maker notes, XMP and IPTC), by editing the
 * metadata and copying the compressed pixels as they are: the copy that anyone but the owner gets.
 */
public interface PersonalMetadata {

    /** What {@link #remove} did. */
    enum Outcome {
        /** Something personal was found and {@code target} holds the file without it. */
        REMOVED,
        /** The file holds nothing to remove; {@code target} was not written. */
        NONE_FOUND,
        /** This format cannot be edited, or this file's structure cannot be walked; {@code target} was not written. */
        UNSUPPORTED
    }

    /**
     * Whether files of this format may be edited at all: one that cannot be is never read (from S3,
     * downloaded) only to find that out. By default each file is asked.
     */
    default boolean edits(ImageFormat format) {
        return true;
    }

    Outcome remove(ImageFormat format, Path source, Path target) throws IOException;
}
