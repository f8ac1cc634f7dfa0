package dev.pixflow.engine.vips.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Removes the metadata chunks (EXIF, XMP, ICC profile) from a WebP file. libvips 8.14's webpsave
 * writes an EXIF chunk even when asked to strip, so the encoder's promise is kept here instead.
 *
 * <p>A WebP file is a RIFF container: {@code "RIFF" size "WEBP"}, then chunks of
 * {@code fourcc, little-endian size, payload, pad byte if the size is odd}. The extended header chunk
 * (VP8X) flags which optional chunks exist; those flags are cleared to match.
 */
final class WebpMetadata {
    private static final Set<String> METADATA = Set.of("EXIF", "XMP ", "ICCP");
    private static final int ICC_FLAG = 0x20;
    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;
    private static final int HEADER = 12;

    private WebpMetadata() {
    }

    static void strip(Path file) throws IOException {
        if (!mayHoldMetadata(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] kept = new byte[bytes.length];
        System.arraycopy(bytes, 0, kept, 0, HEADER);
        int length = HEADER;
        int at = HEADER;
        while (at + 8 <= bytes.length) {
            String type = fourcc(bytes, at);
            long size = ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            long end = at + 8 + size + (size & 1);
            if (end > bytes.length) {
                throw new IOException("WebP chunk " + type + " runs past the end of the file");
            }
            if (!METADATA.contains(type)) {
                System.arraycopy(bytes, at, kept, length, (int) (end - at));
                if ("VP8X".equals(type)) {
                    // The flags are the first payload byte: drop those of the removed chunks.
                    kept[length + 8] &= (byte) ~(ICC_FLAG | EXIF_FLAG | XMP_FLAG);
                }
                length += (int) (end - at);
            }
            at = (int) end;
        }
        if (length == bytes.length) {
            return;
        }
        ByteBuffer.wrap(kept, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(length - 8);
        Files.write(file, Arrays.copyOf(kept, length));
    }

    /**
     * Whether the file's first chunk says it may hold metadata, read from its first bytes: only the
     * extended format (a first chunk VP8X) can, and its flags name what it holds. A current libvips
     * asked to strip writes none, so most files end here without being read whole.
     */
    private static boolean mayHoldMetadata(Path file) throws IOException {
        byte[] head = new byte[HEADER + 9];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < HEADER || !"RIFF".equals(fourcc(head, 0)) || !"WEBP".equals(fourcc(head, 8))) {
            throw new IOException("not a WebP file");
        }
        return read < head.length || "VP8X".equals(fourcc(head, HEADER))
                && (head[HEADER + 8] & (ICC_FLAG | EXIF_FLAG | XMP_FLAG)) != 0;
    }

    private static String fourcc(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
