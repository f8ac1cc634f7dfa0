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
 * before the scan, PNG's and WebP's chunks, GIF's blocks): an EXIF block is rewritten without the
 * entries of {@link PersonalExif}, or removed whole when it cannot be read (what it holds cannot be
 * told); XMP, IPTC, ImageMagick's raw profiles and GIF comments are removed. TIFF, HEIC and AVIF are
 * {@link Outcome#UNSUPPORTED}, and so is a file whose structure cannot be walked: shown to their
 * owners only, a definite answer rather than an error to retry.
 */
final class OriginalCleaner implements PersonalMetadata {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] EXIF_PREFIX = {'E', 'x', 'i', 'f', 0, 0};
    private static final int WEBP_XMP_FLAG = 0x04;
    private static final int WEBP_EXIF_FLAG = 0x08;
    private static final int JPEG_APP1 = 0xE1;
    private static final int JPEG_APP13 = 0xED;
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
    public Outcome remove(ImageFormat format, Path source, Path target) throws IOException {
        try {
            return switch (format) {
                case JPEG -> jpeg(source, target);
                case PNG -> png(source, target);
                case WEBP -> webp(source, target);
                case GIF -> gif(source, target);
                case TIFF, AVIF, HEIC -> Outcome.UNSUPPORTED;
            };
        } catch (Unreadable e) {
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
     * The segments before the scan: the EXIF (APP1 {@code Exif}) cleaned; every other APP1 (XMP, and the
     * extended XMP segments that continue a large one) and APP13 (Photoshop's IPTC) removed.
     */
    private static Outcome jpeg(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            if (in.size() < 4 || read(in, 0, 2).getShort(0) != (short) 0xFFD8) {
                throw new Unreadable("not a JPEG file");
            }
            long pos = 2;
            while (true) {
                ByteBuffer head = read(in, pos, 2);
                if ((head.get(0) & 0xFF) != 0xFF) {
                    throw new Unreadable("no marker at byte " + pos);
                }
                int marker = head.get(1) & 0xFF;
                if (marker == 0xFF) {
                    pos++;
                    continue;
                }
                if (marker == JPEG_SOS || marker == JPEG_EOI) {
                    break;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    pos += 2;
                    continue;
                }
                long whole = 2 + (read(in, pos + 2, 2).getShort(0) & 0xFFFF);
                if (whole < 4) {
                    throw new Unreadable("a segment shorter than its length at byte " + pos);
                }
                if (marker == JPEG_APP1 || marker == JPEG_APP13) {
                    byte[] data = read(in, pos + 4, (int) whole - 4).array();
                    byte[] replacement = new byte[0];
                    if (marker == JPEG_APP1 && startsWith(data, EXIF_PREFIX)) {
                        byte[] exif = cleanedExif(java.util.Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length));
                        replacement = exif == null ? null : exif.length == 0 ? exif : jpegExifSegment(exif);
                    }
                    if (replacement != null) {
                        edits.add(new Edit(pos, whole, replacement));
                    }
                }
                pos += whole;
            }
            if (edits.isEmpty()) {
                return Outcome.NONE_FOUND;
            }
            copyWithEdits(in, edits, target);
        }
        return Outcome.REMOVED;
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
     * XMP (the application extension {@code XMP DataXMP}) and comment extensions removed; the frames,
     * their timing, the loop count and a colour profile kept.
     */
    private static Outcome gif(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            ByteBuffer file = in.map(FileChannel.MapMode.READ_ONLY, 0, in.size());
            try {
                String magic = new String(bytes(file, 0, 6), StandardCharsets.US_ASCII);
                if (!magic.equals("GIF87a") && !magic.equals("GIF89a")) {
                    throw new Unreadable("not a GIF file");
                }
                int pos = 13 + colourTable(file.get(10));
                while (true) {
                    int block = file.get(pos) & 0xFF;
                    if (block == 0x3B) {
                        break;
                    }
                    if (block == 0x21) {
                        int label = file.get(pos + 1) & 0xFF;
                        int end = afterSubBlocks(file, pos + 2);
                        boolean personal = label == 0xFE || (label == 0xFF && (file.get(pos + 2) & 0xFF) >= 8
                                && new String(bytes(file, pos + 3, 8), StandardCharsets.US_ASCII).equals("XMP Data"));
                        if (personal) {
                            edits.add(new Edit(pos, end - pos, new byte[0]));
                        }
                        pos = end;
                    } else if (block == 0x2C) {
                        // The descriptor, its colour table, the LZW code size, then the data's sub-blocks.
                        pos = afterSubBlocks(file, pos + 10 + colourTable(file.get(pos + 9)) + 1);
                    } else {
                        throw new Unreadable("no GIF block at byte " + pos);
                    }
                }
            } catch (IndexOutOfBoundsException ended) {
                throw new Unreadable("the file ends inside a block");
            }
            if (edits.isEmpty()) {
                return Outcome.NONE_FOUND;
            }
            copyWithEdits(in, edits, target);
        }
        return Outcome.REMOVED;
    }

    private static int colourTable(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 << ((packed & 7) + 1);
    }

    private static int afterSubBlocks(ByteBuffer file, int pos) {
        while (true) {
            int size = file.get(pos) & 0xFF;
            pos += 1 + size;
            if (size == 0) {
                return pos;
            }
        }
    }

    private static byte[] bytes(ByteBuffer file, int at, int length) {
        byte[] out = new byte[length];
        file.get(at, out);
        return out;
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
                    byte[] kept = cleanedExif(read(in, pos + 8, (int) length).array());
                    if (kept != null) {
                        edits.add(new Edit(pos, whole, kept.length == 0 ? kept : pngChunk("eXIf", kept)));
                    }
                } else if ((type.equals("iTXt") || type.equals("tEXt") || type.equals("zTXt"))
                        && personalText(new String(read(in, pos + 8, (int) Math.min(length, 80)).array(), StandardCharsets.ISO_8859_1))) {
                    edits.add(new Edit(pos, whole, new byte[0]));
                }
                if (type.equals("IEND")) {
                    break;
                }
                pos += whole;
            }
            if (edits.isEmpty()) {
                return Outcome.NONE_FOUND;
            }
            copyWithEdits(in, edits, target);
        }
        return Outcome.REMOVED;
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
                long whole = 8 + size + (size & 1);
                if (type.equals("VP8X")) {
                    vp8x = pos;
                } else if (type.equals("EXIF")) {
                    byte[] data = read(in, pos + 8, (int) size).array();
                    boolean prefixed = data.length > EXIF_PREFIX.length
                            && java.util.Arrays.equals(data, 0, EXIF_PREFIX.length, EXIF_PREFIX, 0, EXIF_PREFIX.length);
                    byte[] tiff = prefixed ? java.util.Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length) : data;
                    byte[] kept = cleanedExif(tiff);
                    if (kept != null) {
                        byte[] chunk = kept.length == 0 ? kept : riffChunk("EXIF", kept);
                        edits.add(new Edit(pos, whole, chunk));
                        change += chunk.length - whole;
                        if (kept.length == 0) {
                            clearFlags |= WEBP_EXIF_FLAG;
                        }
                    }
                } else if (type.equals("XMP ")) {
                    edits.add(new Edit(pos, whole, new byte[0]));
                    clearFlags |= WEBP_XMP_FLAG;
                    change -= whole;
                }
                pos += whole;
            }
            if (edits.isEmpty()) {
                return Outcome.NONE_FOUND;
            }
            if (vp8x >= 0 && clearFlags != 0) {
                ByteBuffer chunk = read(in, vp8x, 18);
                chunk.put(8, (byte) (chunk.get(8) & ~clearFlags));
                edits.add(new Edit(vp8x, 18, chunk.array()));
            }
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (riff.getInt(4) + change));
            edits.add(new Edit(4, 4, size.array()));
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
