package dev.pixflow.engine.vips.source;

import dev.pixflow.engine.vips.ffm.VipsImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Recognises image formats Pixflow refuses, where vips_foreign_find_load does not: from libvips 8.15
 * it skips blocked loaders, and the engine blocks the untrusted ones (SVG, PDF, ImageMagick ...);
 * and a libvips may have no loader for a format at all (the pinned build has none for PPM, PDF or
 * ImageMagick's formats). Either way the uploader should hear "the image is svg, which is not
 * accepted" rather than "not an image". Nothing is decoded here: blocked loaders are only asked
 * whether they recognise the file, and the rest is a look at its first bytes.
 */
final class RefusedFormats {
    /** Loaders libvips marks untrusted, which vips_block_untrusted_set blocks. */
    private static final List<String> BLOCKED = List.of("svgload", "pdfload", "magickload", "ppmload", "fitsload",
            "matrixload", "csvload", "analyzeload", "niftiload", "openslideload", "rawload");

    private RefusedFormats() {
    }

    /**
     * The nickname of a loader for a refused format that the file is in, e.g. {@code svgload};
     * {@code head} is the file's first bytes (at least {@link HeaderReader#HEAD_BYTES} when it has them).
     */
    static Optional<String> recognise(Path file, byte[] head) {
        for (String loader : BLOCKED) {
            if (VipsImage.isA(loader, file)) {
                return Optional.of(loader);
            }
        }
        return bySignature(head);
    }

    /** Formats some libvips builds have no loader for, by their signatures. */
    private static Optional<String> bySignature(byte[] head) {
        if (head.length >= 3 && head[0] == 'P' && "123456fF".indexOf(head[1]) >= 0 && Character.isWhitespace(head[2])) {
            return Optional.of("ppmload");
        }
        if (head.length >= 5 && new String(head, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
            return Optional.of("pdfload");
        }
        return Optional.empty();
    }
}
