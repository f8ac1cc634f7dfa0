package dev.pixflow.app.delivery;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.png.PngImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Photos that say where they were taken, the way phones write them: EXIF with a GPS position, the
 * camera's make and serial number, and an XMP packet that repeats the position (as Lightroom does).
 */
final class GpsPhotos {
    static final double LATITUDE = 43.2965;
    static final double LONGITUDE = 5.3698;
    static final String SERIAL = "SN-4711-0815";
    static final String XMP_POSITION = "43,17.79N";

    private GpsPhotos() {
    }

    /** The JPEG {@code photo} with GPS, make, serial number and an XMP position added, pixels untouched. */
    static Path jpeg(Path photo, Path dir) throws Exception {
        JpegImageMetadata m = (JpegImageMetadata) Imaging.getMetadata(photo.toFile());
        TiffOutputSet set = m != null && m.getExif() != null ? m.getExif().getOutputSet() : new TiffOutputSet();
        tag(set);
        Path exif = dir.resolve("gps-exif.jpg");
        try (OutputStream out = Files.newOutputStream(exif)) {
            new ExifRewriter().updateExifMetadataLossless(photo.toFile(), out, set);
        }
        Path both = dir.resolve("gps.jpg");
        try (OutputStream out = Files.newOutputStream(both)) {
            new JpegXmpRewriter().updateXmpXml(exif.toFile(), out, xmp());
        }
        return both;
    }

    /** The PNG {@code photo} with an eXIf chunk (GPS, make, serial) and an XMP iTXt chunk after its header. */
    static Path png(Path photo, Path dir) throws Exception {
        TiffOutputSet set = new TiffOutputSet();
        tag(set);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        new TiffImageWriterLossy(set.byteOrder).write(tiff, set);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(photo));
        int afterHeader = 8 + 12 + 13; // signature, IHDR
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in.array(), 0, afterHeader);
        out.write(chunk("eXIf", tiff.toByteArray()));
        out.write(chunk("iTXt", ("XML:com.adobe.xmp\0\0\0\0\0" + xmp()).getBytes(StandardCharsets.UTF_8)));
        for (int pos = afterHeader; pos < in.limit(); ) {
            int whole = 12 + in.getInt(pos);
            // libvips wrote an eXIf of its own: a PNG holds one at most.
            if (!new String(in.array(), pos + 4, 4, StandardCharsets.US_ASCII).equals("eXIf")) {
                out.write(in.array(), pos, whole);
            }
            pos += whole;
        }
        Path png = dir.resolve("gps.png");
        Files.write(png, out.toByteArray());
        return png;
    }

    /** The GPS position an image's EXIF holds, or null. */
    static TiffImageMetadata.GpsInfo gps(Path file) throws Exception {
        var metadata = Imaging.getMetadata(file.toFile());
        TiffImageMetadata exif = metadata instanceof JpegImageMetadata j ? j.getExif()
                : metadata instanceof PngImageMetadata p ? p.getExif()
                : metadata instanceof TiffImageMetadata t ? t : null;
        return exif == null ? null : exif.getGpsInfo();
    }

    /** The bytes from the first start-of-scan marker on: the compressed pixels, whatever the metadata before them. */
    static byte[] scan(Path jpeg) throws Exception {
        byte[] b = Files.readAllBytes(jpeg);
        for (int i = 2; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xDA) {
                return Arrays.copyOfRange(b, i, b.length);
            }
        }
        throw new AssertionError("no start of scan in " + jpeg);
    }

    static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    private static void tag(TiffOutputSet set) throws Exception {
        set.setGpsInDegrees(LONGITUDE, LATITUDE);
        var root = set.getOrCreateRootDirectory();
        root.removeField(TiffTagConstants.TIFF_TAG_MAKE);
        root.add(TiffTagConstants.TIFF_TAG_MAKE, "FUJIFILM");
        var exif = set.getOrCreateExifDirectory();
        exif.removeField(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER);
        exif.add(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER, SERIAL);
    }

    private static String xmp() {
        return """
                <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="%s"/>
                </rdf:RDF></x:xmpmeta>""".formatted(XMP_POSITION);
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }
}
