package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.PersonalMetadata;
import dev.pixflow.core.media.ImageFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@link PersonalMetadata} by editing the metadata of a file and copying everything else byte for byte:
 * the compressed pixels are never decoded. Each format is walked by its own structure (JPEG's segments
 * and scans to the picture's end, PNG's and WebP's chunks, GIF's blocks): an EXIF block is rewritten without the
 * entries of {@link PersonalExif}, or removed whole when it cannot be read (what it holds cannot be
 * told) or is larger than any camera writes; XMP, IPTC, C2PA manifests, ImageMagick's raw profiles,
 * comments, and whatever follows the image's end (another picture, a video) are removed. TIFF, HEIC and AVIF are
 * {@link Outcome#UNSUPPORTED}, and so is a file whose structure cannot be walked: shown to their
 * owners only, a definite answer rather than an error to retry.
 */
final class OriginalCleaner implements PersonalMetadata {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] EXIF_PREFIX = {'E', 'x', 'i', 'f', 0, 0};
    private static final int WEBP_XMP_FLAG = 0x04;
    private static final int WEBP_EXIF_FLAG = 0x08;
    private static final int JPEG_APP1 = 0xE1;
    private static final int JPEG_APP2 = 0xE2;
    private static final int JPEG_APP11 = 0xEB;
    private static final int JPEG_APP12 = 0xEC;
    private static final int JPEG_APP13 = 0xED;
    private static final int JPEG_COM = 0xFE;
    private static final byte[] MPF = {'M', 'P', 'F', 0};
    private static final java.util.Set<String> GIF_MAGICS = java.util.Set.of("GIF87a", "GIF89a");
    private static final java.util.Set<String> GIF_KEPT_APPLICATIONS = java.util.Set.of("NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012");
    private static final int EDITS_AT_MOST = 10_000;
    /** An EXIF block larger than this is no camera's: removed whole, unread. */
    private static final long EXIF_AT_MOST = 1024 * 1024;
    private static final int JPEG_SOS = 0xDA;
    private static final int JPEG_EOI = 0xD9;
    /** The most a JPEG segment holds after its marker and length. */
    private static final int JPEG_SEGMENT_DATA = 65533;

    /** A file whose structure cannot be walked to its metadata. */
    private static final class Unreadable extends IOException {
        Unreadable(String message) {
            super(message);
        }
    }

    @Override
    public boolean edits(ImageFormat format) {
        return switch (format) {
            case JPEG, PNG, WEBP, GIF -> true;
            case TIFF, AVIF, HEIC -> false;
        };
    }

    @Override
    public Outcome remove(ImageFormat format, Path source, Path target) throws IOException {
        try {
            return switch (format) {
                case JPEG -> jpeg(source, target);
                case PNG -> png(source, target);
                case WEBP -> webp(source, target);
                case GIF -> gif(source, target);
                case TIFF, AVIF, HEIC -> Outcome.UNSUPPORTED;
            };
        } catch (Unreadable | RuntimeException e) {
            // No walk of a file like this one: a definite answer (its owner only), never an error to retry.
            Files.deleteIfExists(target);
            return Outcome.UNSUPPORTED;
        }
    }

    /**
     * An EXIF block (a TIFF header and its directories) without the personal entries: null when it holds
     * none (kept as it is), empty when it cannot be read (removed whole), else the rewritten block.
     */
    private static byte[] cleanedExif(byte[] tiff) {
        try {
            return PersonalExif.without(tiff).orElse(null);
        } catch (IOException | RuntimeException unreadable) {
            return new byte[0];
        }
    }

    /**
     * The picture's own segments kept, the EXIF (APP1 {@code Exif}) cleaned, and the rest of what
     * describes it removed: every other APP1 (XMP, and the extended XMP segments that continue a large
     * one), APP2 {@code MPF} (the index of pictures that follow), APP11 (JUMBF: C2PA manifests, which
     * can hold a position and who made it), APP12, APP13 (Photoshop's IPTC) and comments. What follows
     * the picture's end (a Multi-Picture file's other pictures with their own EXIF, a gain map, a motion
     * photo's video) is cut off: the original shown to others is the picture.
     */
    private static Outcome jpeg(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            Window file = new Window(in);
            if (file.size() < 4 || file.u16(0) != 0xFFD8) {
                throw new Unreadable("not a JPEG file");
            }
            long pos = 2;
            while (pos < file.size()) {
                if (file.at(pos) != 0xFF) {
                    throw new Unreadable("no marker at byte " + pos);
                }
                int marker = file.at(pos + 1);
                if (marker == 0xFF) {
                    pos++;
                    continue;
                }
                if (marker == JPEG_EOI) {
                    pos += 2;
                    break;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    pos += 2;
                    continue;
                }
                long whole = 2 + file.u16(pos + 2);
                if (whole < 4 || pos + whole > file.size()) {
                    throw new Unreadable("a segment that does not fit at byte " + pos);
                }
                Edit edit = jpegSegment(in, marker, pos, whole);
                if (edit != null) {
                    add(edits, edit);
                }
                pos += whole;
                if (marker == JPEG_SOS) {
                    pos = afterScan(file, pos);
                }
            }
            return cutAndCopy(in, edits, pos, target);
        }
    }

    /** What becomes of one segment before the picture's end: null when it stays as it is. */
    private static Edit jpegSegment(FileChannel in, int marker, long pos, long whole) throws IOException {
        switch (marker) {
            case JPEG_APP1 -> {
                byte[] data = read(in, pos + 4, (int) whole - 4).array();
                if (!startsWith(data, EXIF_PREFIX)) {
                    return new Edit(pos, whole, new byte[0]);
                }
                byte[] exif = cleanedExif(java.util.Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length));
                return exif == null ? null : new Edit(pos, whole, exif.length == 0 ? exif : jpegExifSegment(exif));
            }
            case JPEG_APP2 -> {
                return whole >= 8 && startsWith(read(in, pos + 4, 4).array(), MPF) ? new Edit(pos, whole, new byte[0]) : null;
            }
            case JPEG_APP11, JPEG_APP12, JPEG_APP13, JPEG_COM -> {
                return new Edit(pos, whole, new byte[0]);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Where the entropy-coded data that follows a scan's header ends: at the first marker, a 0xFF that
     * is neither stuffing (0xFF00) nor a restart (0xFFD0 to 0xFFD7).
     */
    private static long afterScan(Window file, long pos) throws IOException {
        while (true) {
            // A file cut off inside its scan (no end marker) ends there: libjpeg decodes it, and nothing follows.
            if (pos + 1 >= file.size()) {
                return file.size();
            }
            if (file.at(pos) != 0xFF) {
                pos++;
                continue;
            }
            int next = file.at(pos + 1);
            if (next == 0xFF) {
                pos++;
            } else if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                pos += 2;
            } else {
                return pos;
            }
        }
    }

    /** An APP1 EXIF segment of {@code tiff}, or nothing where it would not fit in one. */
    private static byte[] jpegExifSegment(byte[] tiff) {
        int data = EXIF_PREFIX.length + tiff.length;
        if (data > JPEG_SEGMENT_DATA) {
            return new byte[0];
        }
        return ByteBuffer.allocate(4 + data).put((byte) 0xFF).put((byte) JPEG_APP1).putShort((short) (2 + data))
                .put(EXIF_PREFIX).put(tiff).array();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && java.util.Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Only the extensions that are part of the picture kept: graphic control (each frame's timing),
     * plain text, and the application extensions for the loop count and the colour profile. Comments
     * and every other application extension (XMP, ImageMagick's IPTC and 8BIM profiles ...) removed.
     */
    private static Outcome gif(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            Window file = new Window(in);
            if (file.size() < 13 || !GIF_MAGICS.contains(new String(file.bytes(0, 6), StandardCharsets.US_ASCII))) {
                throw new Unreadable("not a GIF file");
            }
            long pos = 13 + colourTable(file.at(10));
            while (true) {
                int block = file.at(pos);
                if (block == 0x3B) {
                    pos++;
                    break;
                }
                if (block == 0x21) {
                    int label = file.at(pos + 1);
                    long end = afterSubBlocks(file, pos + 2);
                    boolean kept = label == 0xF9 || label == 0x01
                            || (label == 0xFF && file.at(pos + 2) == 11
                            && GIF_KEPT_APPLICATIONS.contains(new String(file.bytes(pos + 3, 11), StandardCharsets.US_ASCII)));
                    if (!kept) {
                        add(edits, new Edit(pos, end - pos, new byte[0]));
                    }
                    pos = end;
                } else if (block == 0x2C) {
                    // The descriptor, its colour table, the LZW code size, then the data's sub-blocks.
                    pos = afterSubBlocks(file, pos + 10 + colourTable(file.at(pos + 9)) + 1);
                } else {
                    throw new Unreadable("no GIF block at byte " + pos);
                }
            }
            return cutAndCopy(in, edits, pos, target);
        }
    }

    private static long colourTable(int packed) {
        return (packed & 0x80) == 0 ? 0 : 3L << ((packed & 7) + 1);
    }

    private static long afterSubBlocks(Window file, long pos) throws IOException {
        while (true) {
            int size = file.at(pos);
            pos += 1 + size;
            if (size == 0) {
                return pos;
            }
        }
    }

    /**
     * A file's bytes by position, read a window at a time: the walks go forward, byte by byte through a
     * JPEG's scans, and a file may be larger than a buffer (or an int) can index. Past the end is {@link Unreadable}.
     */
    private static final class Window {
        private final FileChannel in;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long start = -1;
        private int length;

        Window(FileChannel in) throws IOException {
            this.in = in;
            this.size = in.size();
        }

        long size() {
            return size;
        }

        int at(long pos) throws IOException {
            if (pos < 0 || pos >= size) {
                throw new Unreadable("the file ends before byte " + pos);
            }
            if (start < 0 || pos < start || pos >= start + length) {
                buffer.clear();
                start = pos;
                while (buffer.hasRemaining() && in.read(buffer, start + buffer.position()) >= 0) {
                    if (start + buffer.position() >= size) {
                        break;
                    }
                }
                length = buffer.position();
                if (length == 0) {
                    throw new Unreadable("the file ends before byte " + pos);
                }
            }
            return buffer.get((int) (pos - start)) & 0xFF;
        }

        int u16(long pos) throws IOException {
            return at(pos) << 8 | at(pos + 1);
        }

        byte[] bytes(long pos, int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) at(pos + i);
            }
            return out;
        }
    }

    /**
     * Adds an edit; a removal right after another removal joins it. A file of nothing but empty comments
     * would otherwise be millions of edits in memory: past {@link #EDITS_AT_MOST}, it is no file to walk.
     */
    private static void add(List<Edit> edits, Edit edit) throws Unreadable {
        if (!edits.isEmpty()) {
            Edit last = edits.getLast();
            if (edit.bytes().length == 0 && last.bytes().length == 0 && last.at() + last.length() == edit.at()) {
                edits.set(edits.size() - 1, new Edit(last.at(), last.length() + edit.length(), last.bytes()));
                return;
            }
        }
        if (edits.size() >= EDITS_AT_MOST) {
            throw new Unreadable("more than " + EDITS_AT_MOST + " pieces of metadata");
        }
        edits.add(edit);
    }

    /**
     * The edits made, with whatever follows the image's end (at {@code end}) cut off, as that is no part
     * of it: nothing found, or the copy written.
     */
    private static Outcome cutAndCopy(FileChannel in, List<Edit> edits, long end, Path target) throws IOException {
        if (end < in.size()) {
            add(edits, new Edit(end, in.size() - end, new byte[0]));
        }
        if (edits.isEmpty()) {
            return Outcome.NONE_FOUND;
        }
        copyWithEdits(in, edits, target);
        return Outcome.REMOVED;
    }

    /** A part of the source replaced in the copy: {@code bytes} instead of {@code length} bytes at {@code at}. */
    private record Edit(long at, long length, byte[] bytes) {
    }

    private static Outcome png(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            if (!java.util.Arrays.equals(read(in, 0, 8).array(), PNG_SIGNATURE)) {
                throw new Unreadable("not a PNG file");
            }
            long pos = 8;
            while (pos + 12 <= in.size()) {
                ByteBuffer head = read(in, pos, 8);
                long length = Integer.toUnsignedLong(head.getInt());
                String type = new String(head.array(), 4, 4, StandardCharsets.US_ASCII);
                long whole = 12 + length;
                if (pos + whole > in.size()) {
                    throw new Unreadable("a chunk runs past the end of the file");
                }
                if (type.equals("eXIf")) {
                    byte[] kept = length > EXIF_AT_MOST ? new byte[0] : cleanedExif(read(in, pos + 8, (int) length).array());
                    if (kept != null) {
                        add(edits, new Edit(pos, whole, kept.length == 0 ? kept : pngChunk("eXIf", kept)));
                    }
                } else if (type.equals("caBX")) {
                    // A C2PA manifest: who made the picture, and where.
                    add(edits, new Edit(pos, whole, new byte[0]));
                } else if ((type.equals("iTXt") || type.equals("tEXt") || type.equals("zTXt"))
                        && personalText(new String(read(in, pos + 8, (int) Math.min(length, 80)).array(), StandardCharsets.ISO_8859_1))) {
                    add(edits, new Edit(pos, whole, new byte[0]));
                }
                pos += whole;
                if (type.equals("IEND")) {
                    break;
                }
            }
            return cutAndCopy(in, edits, pos, target);
        }
    }

    /** XMP, and the raw EXIF, XMP and IPTC profiles ImageMagick writes as text. */
    private static boolean personalText(String head) {
        String keyword = head.indexOf(0) >= 0 ? head.substring(0, head.indexOf(0)) : head;
        return keyword.equals("XML:com.adobe.xmp") || keyword.startsWith("Raw profile type");
    }

    private static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    private static Outcome webp(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            ByteBuffer riff = read(in, 0, 12).order(ByteOrder.LITTLE_ENDIAN);
            String magic = new String(riff.array(), 0, 4, StandardCharsets.US_ASCII) + new String(riff.array(), 8, 4, StandardCharsets.US_ASCII);
            if (!magic.equals("RIFFWEBP")) {
                throw new Unreadable("not a WebP file");
            }
            long end = Math.min(in.size(), 8 + Integer.toUnsignedLong(riff.getInt(4)));
            long pos = 12;
            long vp8x = -1;
            int clearFlags = 0;
            long change = 0;
            while (pos + 8 <= end) {
                ByteBuffer head = read(in, pos, 8).order(ByteOrder.LITTLE_ENDIAN);
                String type = new String(head.array(), 0, 4, StandardCharsets.US_ASCII);
                long size = Integer.toUnsignedLong(head.getInt(4));
                if (pos + 8 + size > end) {
                    throw new Unreadable("a chunk runs past the end of the file");
                }
                // The pad byte of an odd chunk, where the container counts it: a last chunk may go without.
                long whole = Math.min(8 + size + (size & 1), end - pos);
                if (type.equals("VP8X")) {
                    vp8x = pos;
                } else if (type.equals("EXIF")) {
                    byte[] kept;
                    if (size > EXIF_AT_MOST) {
                        kept = new byte[0];
                    } else {
                        byte[] data = read(in, pos + 8, (int) size).array();
                        kept = cleanedExif(startsWith(data, EXIF_PREFIX)
                                ? java.util.Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length) : data);
                    }
                    if (kept != null) {
                        byte[] chunk = kept.length == 0 ? kept : riffChunk("EXIF", kept);
                        add(edits, new Edit(pos, whole, chunk));
                        change += chunk.length - whole;
                        if (kept.length == 0) {
                            clearFlags |= WEBP_EXIF_FLAG;
                        }
                    }
                } else if (type.equals("XMP ")) {
                    add(edits, new Edit(pos, whole, new byte[0]));
                    clearFlags |= WEBP_XMP_FLAG;
                    change -= whole;
                } else if (type.equals("C2PA")) {
                    add(edits, new Edit(pos, whole, new byte[0]));
                    change -= whole;
                }
                pos += whole;
            }
            // Whatever was appended after the RIFF container is no part of the image.
            if (end < in.size()) {
                add(edits, new Edit(end, in.size() - end, new byte[0]));
            }
            if (edits.isEmpty()) {
                return Outcome.NONE_FOUND;
            }
            if (vp8x >= 0 && clearFlags != 0) {
                byte flags = read(in, vp8x + 8, 1).get(0);
                add(edits, new Edit(vp8x + 8, 1, new byte[] {(byte) (flags & ~clearFlags)}));
            }
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (riff.getInt(4) + change));
            add(edits, new Edit(4, 4, size.array()));
            edits.sort(java.util.Comparator.comparingLong(Edit::at));
            copyWithEdits(in, edits, target);
        }
        return Outcome.REMOVED;
    }

    private static byte[] riffChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return chunk.array();
    }

    private static void copyWithEdits(FileChannel in, List<Edit> edits, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = 0;
            for (Edit e : edits) {
                transfer(in, pos, e.at() - pos, out);
                out.write(ByteBuffer.wrap(e.bytes()));
                pos = e.at() + e.length();
            }
            transfer(in, pos, in.size() - pos, out);
            out.force(true);
        }
    }

    private static void transfer(FileChannel in, long from, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            done += in.transferTo(from + done, count - done, out);
        }
    }

    private static ByteBuffer read(FileChannel in, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, at + buffer.position()) < 0) {
                throw new Unreadable("the file ends inside a chunk");
            }
        }
        return buffer.flip();
    }
}
