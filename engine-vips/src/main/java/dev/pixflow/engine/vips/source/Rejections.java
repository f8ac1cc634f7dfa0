package dev.pixflow.engine.vips.source;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.engine.vips.ffm.VipsException;

import java.nio.file.Path;

/** Turns libvips failures on an original into rejections fit to show to the uploader. */
public final class Rejections {
    private Rejections() {
    }

    /** The pixels (or the header) of {@code file} cannot be decoded. */
    public static RejectedImageException corrupt(Path file, VipsException cause) {
        RejectedImageException rejected = new RejectedImageException(RejectedImageException.Reason.CORRUPT,
                "the image data is truncated or corrupt: " + withoutPath(cause.getMessage(), file));
        rejected.initCause(cause);
        return rejected;
    }

    /** libvips names the file in its messages; the server's paths are nobody else's business. */
    static String withoutPath(String message, Path file) {
        return message.replace(file.toString(), "image").replace(file.getFileName().toString(), "image");
    }
}
