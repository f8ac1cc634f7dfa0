package dev.pixflow.engine.vips.source;

import dev.pixflow.engine.vips.ffm.VipsImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Recognises image formats Pixflow refuses, where vips_foreign_find_load does not: from libvips 8.15
 * it skips blocked loaders, and the engine blocks the untrusted ones (SVG, PDF, ImageMagick ...);
 * and a libvips may have no loader for a format at all (the pinned build has none for PPM, PDF or
 * ImageMagick's formats, BMP or JPEG 2000). Either way the uploader should hear "the image is svg, which is not
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
        if (isBmp(head)) {
            return Optional.of("bmpload");
        }
        if (startsWith(head, JP2) || startsWith(head, J2K)) {
            return Optional.of("jp2kload");
        }
        return Optional.empty();
    }

    /** The JPEG 2000 file box, and a bare JPEG 2000 codestream's first two markers (SOC, SIZ). */
    private static final byte[] JP2 = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10};
    private static final byte[] J2K = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51};

    /** "BM", then at offset 14 the size of one of the DIB headers Windows and OS/2 wrote (12 to 124 bytes). */
    private static boolean isBmp(byte[] head) {
        if (head.length < 18 || head[0] != 'B' || head[1] != 'M') {
            return false;
        }
        int dib = (head[14] & 0xFF) | (head[15] & 0xFF) << 8 | (head[16] & 0xFF) << 16 | (head[17] & 0xFF) << 24;
        return dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124;
    }

    private static boolean startsWith(byte[] head, byte[] signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
