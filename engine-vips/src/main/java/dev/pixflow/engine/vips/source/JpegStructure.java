package dev.pixflow.engine.vips.source;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a JPEG is whole, told from its structure alone: every marker segment from SOI to EOI,
 * read without decoding a pixel. {@link #whole} says yes only for a file libjpeg decodes (as libvips
 * calls it, failing on truncation) without reaching the end of the file and without a fatal error:
 *
 * <ul>
 *   <li>truncation, the failure libvips' {@code fail_on=truncated} catches, is libjpeg asking for more
 *       bytes than the file has; it stops asking at the marker that ends a scan, so a file whose every
 *       scan is followed by a marker and whose last is followed by EOI is never read past its end;</li>
 *   <li>libjpeg's fatal errors after the header all come from marker segments (a scan naming a
 *       component or table not defined, impossible progression parameters, a bad Huffman table, a
 *       sampling it cannot upsample ...): each is checked here as libjpeg checks it;</li>
 *   <li>anything this walk does not follow to the letter (arithmetic coding, lossless or 12-bit
 *       frames, DNL, bytes between segments, restart markers out of order, a progression libjpeg
 *       would warn about) is a "no", and the caller decodes instead.</li>
 * </ul>
 *
 * <p>What it cannot see is damage inside the entropy-coded data (bit flips): libjpeg shows such a
 * block grey with a warning and libvips counts the image good unless it gives 100 warnings or more;
 * such a file is found by the render instead (its job fails, then dies). A walk costs a pass over the
 * bytes (milliseconds for a 20 MP photo), where the decode it replaces costs most of a render's.
 */
public final class JpegStructure {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;
    private static final int DNL = 0xDC;
    private static final int DRI = 0xDD;
    private static final int DHT = 0xC4;
    private static final int SOF_BASELINE = 0xC0;
    private static final int SOF_EXTENDED = 0xC1;
    private static final int SOF_PROGRESSIVE = 0xC2;
    /** libjpeg's JPEG_MAX_DIMENSION. */
    private static final int MAX_DIMENSION = 65500;
    /** libjpeg's D_MAX_BLOCKS_IN_MCU. */
    private static final int MAX_BLOCKS_IN_MCU = 10;
    private static final ValueLayout.OfLong LITTLE_ENDIAN_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment bytes;
    private final long size;
    private final boolean[] dcTables = new boolean[4];
    private final boolean[] acTables = new boolean[4];
    private final boolean[] quantTables = new boolean[4];
    private Frame frame;
    private int restartInterval;
    private int scans;

    /** The frame header: progressive or not, and per component its id, sampling and quantisation table. */
    private record Frame(boolean progressive, int[] ids, int[] h, int[] v, int[] quant, int[][] coefficientBits,
                         boolean[] scanned) {
    }

    private JpegStructure(MemorySegment bytes) {
        this.bytes = bytes;
        this.size = bytes.byteSize();
    }

    /** True when the file is a JPEG whose structure is whole; false for anything else, or when unsure. */
    public static boolean whole(Path file) {
        try (Arena arena = Arena.ofConfined();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            return length >= 4 && new JpegStructure(channel.map(FileChannel.MapMode.READ_ONLY, 0, length, arena)).walk();
        } catch (IOException | RuntimeException e) {
            // Unreadable or unmappable here: the decode decides.
            return false;
        }
    }

    private int u8(long at) {
        return Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, at));
    }

    private int u16(long at) {
        return u8(at) << 8 | u8(at + 1);
    }

    private boolean walk() {
        if (u8(0) != 0xFF || u8(1) != SOI) {
            return false;
        }
        long at = 2;
        while (true) {
            // A segment starts right here: bytes before its marker are "extraneous" to libjpeg.
            if (at >= size || u8(at) != 0xFF) {
                return false;
            }
            while (at < size && u8(at) == 0xFF) {
                at++;
            }
            if (at >= size) {
                return false;
            }
            int marker = u8(at++);
            if (marker == EOI) {
                return complete();
            }
            if (at + 2 > size) {
                return false;
            }
            int length = u16(at);
            if (length < 2 || at + length > size) {
                return false;
            }
            long body = at + 2;
            int bodyLength = length - 2;
            at += length;
            boolean fine = switch (marker) {
                case SOF_BASELINE, SOF_EXTENDED, SOF_PROGRESSIVE -> frame(body, bodyLength, marker == SOF_PROGRESSIVE);
                case DHT -> huffmanTables(body, bodyLength);
                case DQT -> quantTables(body, bodyLength);
                case DRI -> restartInterval(body, bodyLength);
                case SOS -> scanHeader(body, bodyLength);
                default -> marker >= 0xE0 && marker <= 0xEF || marker == 0xFE; // APPn and COM are skipped
            };
            if (!fine) {
                return false;
            }
            if (marker == SOS) {
                at = endOfScan(at);
                if (at < 0) {
                    return false;
                }
            }
        }
    }

    private boolean frame(long at, int length, boolean progressive) {
        if (frame != null || length < 6) {
            return false;
        }
        int precision = u8(at);
        int height = u16(at + 1);
        int width = u16(at + 3);
        int count = u8(at + 5);
        if (precision != 8 || height == 0 || width == 0 || height > MAX_DIMENSION || width > MAX_DIMENSION
                || count != 1 && count != 3 && count != 4 || length != 6 + 3 * count) {
            return false;
        }
        int[] ids = new int[count];
        int[] h = new int[count];
        int[] v = new int[count];
        int[] quant = new int[count];
        int maxH = 1;
        int maxV = 1;
        for (int c = 0; c < count; c++) {
            long p = at + 6 + 3L * c;
            ids[c] = u8(p);
            h[c] = u8(p + 1) >> 4;
            v[c] = u8(p + 1) & 15;
            quant[c] = u8(p + 2);
            if (h[c] < 1 || h[c] > 4 || v[c] < 1 || v[c] > 4 || quant[c] > 3) {
                return false;
            }
            for (int before = 0; before < c; before++) {
                if (ids[before] == ids[c]) {
                    return false;
                }
            }
            maxH = Math.max(maxH, h[c]);
            maxV = Math.max(maxV, v[c]);
        }
        for (int c = 0; c < count; c++) {
            // libjpeg upsamples by whole factors only.
            if (maxH % h[c] != 0 || maxV % v[c] != 0) {
                return false;
            }
        }
        int[][] bits = new int[count][64];
        for (int[] component : bits) {
            java.util.Arrays.fill(component, -1);
        }
        frame = new Frame(progressive, ids, h, v, quant, bits, new boolean[count]);
        return true;
    }

    /** Each table as libjpeg's jpeg_make_d_derived_tbl checks it when a scan uses it. */
    private boolean huffmanTables(long at, int length) {
        long end = at + length;
        while (at < end) {
            if (at + 17 > end) {
                return false;
            }
            int tableClass = u8(at) >> 4;
            int id = u8(at) & 15;
            if (tableClass > 1 || id > 3) {
                return false;
            }
            int symbols = 0;
            int code = 0;
            boolean started = false;
            for (int bitLength = 1; bitLength <= 16; bitLength++) {
                int count = u8(at + bitLength);
                symbols += count;
                started |= count > 0;
                if (started) {
                    code += count;
                    if (code >= 1 << bitLength) {
                        return false;
                    }
                    code <<= 1;
                }
            }
            if (symbols > 256 || at + 17 + symbols > end) {
                return false;
            }
            for (int s = 0; s < symbols; s++) {
                if (tableClass == 0 && u8(at + 17 + s) > 15) {
                    return false;
                }
            }
            (tableClass == 0 ? dcTables : acTables)[id] = true;
            at += 17 + symbols;
        }
        return true;
    }

    private boolean quantTables(long at, int length) {
        long end = at + length;
        while (at < end) {
            int precision = u8(at) >> 4;
            int id = u8(at) & 15;
            if (precision > 1 || id > 3) {
                return false;
            }
            at += 1 + 64L * (precision + 1);
            if (at > end) {
                return false;
            }
            quantTables[id] = true;
        }
        return true;
    }

    private boolean restartInterval(long at, int length) {
        if (length != 2) {
            return false;
        }
        restartInterval = u16(at);
        return true;
    }

    /** The scan header, with the checks libjpeg makes before decoding the scan (jdmarker, jdinput, jdphuff). */
    private boolean scanHeader(long at, int length) {
        if (frame == null || length < 1) {
            return false;
        }
        int count = u8(at);
        if (count < 1 || count > 4 || length != 4 + 2 * count) {
            return false;
        }
        int[] components = new int[count];
        int blocks = 0;
        for (int i = 0; i < count; i++) {
            int id = u8(at + 1 + 2L * i);
            int c = indexOf(id);
            if (c < 0) {
                return false;
            }
            for (int before = 0; before < i; before++) {
                if (components[before] == c) {
                    return false;
                }
            }
            components[i] = c;
            blocks += frame.h()[c] * frame.v()[c];
            if (!quantTables[frame.quant()[c]]) {
                return false;
            }
        }
        if (count > 1 && blocks > MAX_BLOCKS_IN_MCU) {
            return false;
        }
        long params = at + 1 + 2L * count;
        int start = u8(params);
        int end = u8(params + 1);
        int high = u8(params + 2) >> 4;
        int low = u8(params + 2) & 15;
        for (int i = 0; i < count; i++) {
            int tables = u8(at + 2 + 2L * i);
            int dc = tables >> 4;
            int ac = tables & 15;
            boolean needsDc = !frame.progressive() || start == 0 && high == 0;
            boolean needsAc = !frame.progressive() || start > 0;
            if (needsDc && (dc > 3 || !dcTables[dc]) || needsAc && (ac > 3 || !acTables[ac])) {
                return false;
            }
        }
        if (!frame.progressive()) {
            // Any other parameters make libjpeg warn (JWRN_NOT_SEQUENTIAL).
            if (start != 0 || end != 63 || high != 0 || low != 0) {
                return false;
            }
            for (int c : components) {
                frame.scanned()[c] = true;
            }
        } else if (!progression(components, start, end, high, low)) {
            return false;
        }
        scans++;
        return true;
    }

    /**
     * libjpeg's checks of a progressive scan: impossible parameters are fatal (JERR_BAD_PROGRESSION),
     * a scan that does not follow the coefficients' history makes it warn (JWRN_BOGUS_PROGRESSION).
     */
    private boolean progression(int[] components, int start, int end, int high, int low) {
        boolean bad = start == 0 ? end != 0 : end < start || end > 63 || components.length != 1;
        if (bad || high != 0 && low != high - 1 || low > 13) {
            return false;
        }
        for (int c : components) {
            int[] bits = frame.coefficientBits()[c];
            if (start != 0 && bits[0] < 0) {
                return false;
            }
            for (int k = start; k <= end; k++) {
                if (high != Math.max(bits[k], 0)) {
                    return false;
                }
                bits[k] = low;
            }
            if (start == 0) {
                frame.scanned()[c] = true;
            }
        }
        return true;
    }

    private int indexOf(int id) {
        for (int c = 0; c < frame.ids().length; c++) {
            if (frame.ids()[c] == id) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Where the marker after a scan's entropy-coded data starts, or -1 when the file ends first. In the
     * data, 0xFF is followed by a stuffed 0x00 or a restart marker, which must come in order.
     */
    private long endOfScan(long at) {
        int nextRestart = 0;
        while (true) {
            at = nextFF(at);
            if (at >= size) {
                return -1;
            }
            long code = at + 1;
            while (code < size && u8(code) == 0xFF) {
                code++;
            }
            if (code >= size) {
                return -1;
            }
            int c = u8(code);
            if (c == 0x00) {
                at = code + 1;
            } else if (c >= 0xD0 && c <= 0xD7) {
                if (restartInterval == 0 || c - 0xD0 != nextRestart) {
                    return -1;
                }
                nextRestart = (nextRestart + 1) & 7;
                at = code + 1;
            } else {
                return c == DNL ? -1 : code - 1;
            }
        }
    }

    /**
     * The first 0xFF byte at or after {@code at}, or {@link #size}: the scan of the entropy-coded data,
     * which is nearly all of a JPEG's bytes, eight bytes at a time. A byte is 0xFF where the inverted
     * word has a zero byte, and the lowest bit the classic zero-byte test sets marks the first one (a
     * false mark can only sit above a true one).
     */
    private long nextFF(long at) {
        for (long last = size - Long.BYTES; at <= last; at += Long.BYTES) {
            long inverted = ~bytes.get(LITTLE_ENDIAN_LONG, at);
            long zeroBytes = (inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L;
            if (zeroBytes != 0) {
                return at + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        while (at < size && u8(at) != 0xFF) {
            at++;
        }
        return at;
    }

    /** At EOI: a frame, a scan, and every component given its pixels (its DC) by one. */
    private boolean complete() {
        if (frame == null || scans == 0) {
            return false;
        }
        for (boolean seen : frame.scanned()) {
            if (!seen) {
                return false;
            }
        }
        return true;
    }
}
