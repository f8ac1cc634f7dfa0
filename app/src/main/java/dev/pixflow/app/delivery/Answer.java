package dev.pixflow.app.delivery;

import dev.pixflow.core.usecase.DeliverImage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a delivery request is answered with: the bytes and the record that decides who may see them.
 *
 * @param negotiated the format was chosen from Accept, so caches must key on it
 * @param temporary  a file made for this response only (result cache off), deleted after it
 */
public record Answer(DeliverImage.Found found, boolean negotiated, Optional<Path> temporary) {
}
