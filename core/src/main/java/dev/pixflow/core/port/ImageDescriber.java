package dev.pixflow.core.port;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes alt text: one or two plain sentences saying what an image shows, for people who cannot see
 * it. The shipped adapter asks a vision model; nothing here knows which.
 */
public interface ImageDescriber {

    /**
     * @param jpeg a small JPEG of the image (a few hundred pixels a side), upright and in sRGB
     * @return the description, never blank
     * @throws IOException when the describing service failed or answered nothing usable; the job retries
     */
    String describe(Path jpeg) throws IOException;
}
