package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.OutputFormat;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SVG is script a browser runs in the page's origin: it is neither accepted nor ever served. Every
 * Content-Type Pixflow delivers comes from {@link ImageFormat}, so none of its media types may be SVG,
 * and no output format may name it.
 */
class NoSvgTest {

    @Test
    void noFormatIsSvgAndSvgIsNoFormat() {
        assertThat(Arrays.stream(ImageFormat.values()).map(ImageFormat::mediaType))
                .noneMatch(t -> t.contains("svg") || t.contains("xml") || t.startsWith("text/"));
        assertThat(ImageFormat.fromMediaType("image/svg+xml")).isEmpty();
        assertThat(ImageFormat.fromMediaType("IMAGE/SVG+XML; charset=utf-8")).isEmpty();
        assertThatThrownBy(() -> OutputFormat.fromId("f", "svg")).isInstanceOf(InvalidInputException.class);
    }
}
