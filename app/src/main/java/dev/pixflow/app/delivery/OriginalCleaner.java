package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.PersonalMetadata;
import dev.pixflow.core.media.ImageFormat;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageParser;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * {@link PersonalMetadata} by editing the metadata of a file and copying everything else byte for byte:
 * the compressed pixels are never decoded. JPEG through Apache Commons Imaging (the EXIF segment
 * rewritten without the entries of {@link PersonalExif}, the XMP and IPTC segments removed); PNG and
 * WebP by their chunks (eXIf and EXIF rewritten the same way; XMP, and ImageMagick's raw profiles,
 * removed). GIF, TIFF, HEIC and AVIF are {@link Outcome#UNSUPPORTED}.
 */
final class OriginalCleaner implements PersonalMetadata {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] EXIF_PREFIX = {'E', 'x', 'i', 'f', 0, 0};
    private static final int WEBP_XMP_FLAG = 0x04;

    @Override
    public Outcome remove(ImageFormat format, Path source, Path target) throws IOException {
        try {
            return switch (format) {
                case JPEG -> jpeg(source, target);
                case PNG -> png(source, target);
                case WEBP -> webp(source, target);
                case GIF, TIFF, AVIF, HEIC -> Outcome.UNSUPPORTED;
            };
        } catch (ImagingException e) {
            throw new IOException("cannot read the metadata of " + source.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static Outcome jpeg(Path source, Path target) throws IOException {
        ImageMetadata metadata = Imaging.getMetadata(source.toFile());
        JpegImageMetadata jpeg = metadata instanceof JpegImageMetadata j ? j : null;
        Optional<TiffOutputSet> exif = jpeg == null || jpeg.getExif() == null ? Optional.empty() : PersonalExif.without(jpeg.getExif());
        boolean iptc = jpeg != null && jpeg.getPhotoshop() != null;
        boolean xmp = new JpegImageParser().getXmpXml(ByteSource.file(source.toFile()), null) != null;
        if (exif.isEmpty() && !iptc && !xmp) {
            return Outcome.NONE_FOUND;
        }
        Path current = source;
        List<Path> steps = new ArrayList<>();
        try {
            if (exif.isPresent()) {
                // The rewriter's own byte order is the JPEG markers' (big-endian); the EXIF keeps the set's.
                current = step(current, target, steps, (in, out) -> new ExifRewriter().updateExifMetadataLossy(in, out, exif.get()));
            }
            if (xmp) {
                current = step(current, target, steps, (in, out) -> new JpegXmpRewriter().removeXmpXml(in, out));
            }
            if (iptc) {
                current = step(current, target, steps, (in, out) -> new JpegIptcRewriter().removeIptc(in, out, true));
            }
            Files.move(current, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            for (Path p : steps) {
                Files.deleteIfExists(p);
            }
        }
        return Outcome.REMOVED;
    }

    private interface Rewrite {
        void apply(java.io.File in, OutputStream out) throws IOException;
    }

    /** One rewrite into a file beside {@code target}, never beside the source (the store's own file). */
    private static Path step(Path in, Path target, List<Path> steps, Rewrite rewrite) throws IOException {
        Path out = Files.createTempFile(target.toAbsolutePath().getParent(), "clean-", ".jpg");
        steps.add(out);
        try (OutputStream os = Files.newOutputStream(out)) {
            rewrite.apply(in.toFile(), os);
        }
        return out;
    }

    /** A part of the source replaced in the copy: {@code bytes} instead of {@code length} bytes at {@code at}. */
    private record Edit(long at, long length, byte[] bytes) {
    }

    private static Outcome png(Path source, Path target) throws IOException {
        List<Edit> edits = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source)) {
            if (!java.util.Arrays.equals(read(in, 0, 8).array(), PNG_SIGNATURE)) {
                throw new IOException("not a PNG file");
            }
            long pos = 8;
            while (pos + 12 <= in.size()) {
                ByteBuffer head = read(in, pos, 8);
                long length = Integer.toUnsignedLong(head.getInt());
                String type = new String(head.array(), 4, 4, StandardCharsets.US_ASCII);
                long whole = 12 + length;
                if (type.equals("eXIf")) {
                    Optional<byte[]> kept = PersonalExif.without(read(in, pos + 8, (int) length).array());
                    if (kept.isPresent()) {
                        edits.add(new Edit(pos, whole, pngChunk("eXIf", kept.get())));
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
                throw new IOException("not a WebP file");
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
                    Optional<byte[]> kept = PersonalExif.without(tiff);
                    if (kept.isPresent()) {
                        byte[] chunk = riffChunk("EXIF", kept.get());
                        edits.add(new Edit(pos, whole, chunk));
                        change += chunk.length - whole;
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
                throw new IOException("the file ends inside a chunk");
            }
        }
        return buffer.flip();
    }
}
