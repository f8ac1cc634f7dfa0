package dev.pixflow.engine.vips.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a GIF ends inside one of its blocks: cut short in transfer. libvips decodes the frames that
 * are whole and counts the file good (an animation cut at its ninth frame of 24 plays nine, even with
 * {@code fail_on=truncated}), so the upload check walks the blocks itself: the screen descriptor and its
 * colour table, then extensions and images, each a run of sub-blocks, up to the trailer. Without reading
 * a pixel. A file that stops between two blocks, without the trailer, is taken, as browsers take it;
 * a block of a kind the walk does not know ends the walk, and the decoders decide.
 */
public final class GifStructure {
    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2C;
    private static final int TRAILER = 0x3B;

    private GifStructure() {
    }

    /**
     * True when the file is a GIF that ends inside a block; false also when it cannot be read here, as
     * the JPEG walk: the decode then decides.
     */
    public static boolean cutShort(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            byte[] header = in.readNBytes(13);
            if (header.length < 3 || header[0] != 'G' || header[1] != 'I' || header[2] != 'F') {
                return false;
            }
            if (header.length < 13) {
                return true;
            }
            skipColourTable(in, header[10]);
            while (true) {
                int block = in.read();
                if (block < 0 || block == TRAILER) {
                    return false;
                }
                if (block == EXTENSION) {
                    in.skipNBytes(1);
                    skipSubBlocks(in);
                } else if (block == IMAGE) {
                    byte[] descriptor = in.readNBytes(9);
                    if (descriptor.length < 9) {
                        return true;
                    }
                    skipColourTable(in, descriptor[8]);
                    in.skipNBytes(1);  // the LZW minimum code size
                    skipSubBlocks(in);
                } else {
                    return false;
                }
            }
        } catch (EOFException cut) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void skipColourTable(InputStream in, byte packed) throws IOException {
        if ((packed & 0x80) != 0) {
            in.skipNBytes(3L << ((packed & 0x07) + 1));
        }
    }

    private static void skipSubBlocks(InputStream in) throws IOException {
        while (true) {
            int size = in.read();
            if (size < 0) {
                throw new EOFException();
            }
            if (size == 0) {
                return;
            }
            in.skipNBytes(size);
        }
    }
}
