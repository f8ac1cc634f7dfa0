package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.PersonalMetadata.Outcome;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.testing.TestImages;
import org.apache.commons.imaging.Imaging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal metadata goes, the picture's stays, and the compressed pixels are copied byte for byte. */
class OriginalCleanerTest {
    @TempDir
    Path dir;

    private final OriginalCleaner cleaner = new OriginalCleaner();

    @Test
    void aJpegLosesItsPositionSerialAndXmpButNotItsPixelsOrCamera() throws Exception {
        Path photo = GpsPhotos.jpeg(TestImages.jpeg(dir, 640, 480), dir);
        assertThat(GpsPhotos.gps(photo)).as("the fixture says where it was taken").isNotNull();
        assertThat(GpsPhotos.contains(photo, GpsPhotos.SERIAL)).isTrue();
        assertThat(GpsPhotos.contains(photo, GpsPhotos.XMP_POSITION)).isTrue();
        Path clean = dir.resolve("clean.jpg");

        assertThat(cleaner.remove(ImageFormat.JPEG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.gps(clean)).isNull();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.SERIAL)).isFalse();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.XMP_POSITION)).isFalse();
        assertThat(GpsPhotos.contains(clean, "FUJIFILM")).as("the camera is kept").isTrue();
        assertThat(GpsPhotos.scan(clean)).as("the compressed pixels").isEqualTo(GpsPhotos.scan(photo));
        assertThat(Imaging.getImageInfo(clean.toFile()).getWidth()).isEqualTo(640);
        // What is left has nothing more to remove.
        assertThat(cleaner.remove(ImageFormat.JPEG, clean, dir.resolve("again.jpg"))).isEqualTo(Outcome.NONE_FOUND);
    }

    @Test
    void aPngLosesItsExifPositionAndXmp() throws Exception {
        Path photo = GpsPhotos.png(TestImages.png(dir, 320, 240), dir);
        assertThat(GpsPhotos.gps(photo)).isNotNull();
        Path clean = dir.resolve("clean.png");

        assertThat(cleaner.remove(ImageFormat.PNG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.gps(clean)).isNull();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.SERIAL)).isFalse();
        assertThat(GpsPhotos.contains(clean, GpsPhotos.XMP_POSITION)).isFalse();
        assertThat(GpsPhotos.contains(clean, "FUJIFILM")).isTrue();
        assertThat(Imaging.getImageInfo(clean.toFile()).getWidth()).as("still a valid PNG").isEqualTo(320);
    }

    @Test
    void aJpegLosesTheExtendedXmpThatContinuesALargeOne() throws Exception {
        byte[] guid = "0123456789ABCDEF0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        byte[] xmp = "<x:xmpmeta><rdf:Description exif:GPSLatitude=\"43,17.79N\"/></x:xmpmeta>".getBytes(StandardCharsets.UTF_8);
        byte[] extension = concat("http://ns.adobe.com/xmp/extension/\0".getBytes(StandardCharsets.US_ASCII), guid,
                ByteBuffer.allocate(8).putInt(xmp.length).putInt(0).array(), xmp);
        Path photo = withSegments(TestImages.jpeg(dir, 320, 200), segment(0xE1, extension));
        assertThat(GpsPhotos.contains(photo, "GPSLatitude")).isTrue();
        Path clean = dir.resolve("clean.jpg");

        assertThat(cleaner.remove(ImageFormat.JPEG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.contains(clean, "GPSLatitude")).isFalse();
        assertThat(GpsPhotos.scan(clean)).isEqualTo(GpsPhotos.scan(photo));
        assertThat(Imaging.getImageInfo(clean.toFile()).getWidth()).isEqualTo(320);
    }

    @Test
    void aJpegWhoseExifCannotBeReadLosesItWholeRatherThanFailing() throws Exception {
        // A big-endian TIFF header whose first directory claims 50 entries, then nothing.
        byte[] broken = concat(new byte[] {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 50},
                "SERIAL-123456789".getBytes(StandardCharsets.US_ASCII));
        Path photo = withSegments(TestImages.jpeg(dir, 300, 200), segment(0xE1, broken));
        Path clean = dir.resolve("clean.jpg");

        assertThat(cleaner.remove(ImageFormat.JPEG, photo, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(GpsPhotos.contains(clean, "SERIAL-123456789")).isFalse();
        assertThat(GpsPhotos.scan(clean)).isEqualTo(GpsPhotos.scan(photo));
    }

    @Test
    void aJpegIsCutToItsPictureWithoutMultiPictureIndexManifestsCommentsOrWhatFollows() throws Exception {
        Path plain = TestImages.jpeg(dir, 320, 240);
        byte[] mpf = concat("MPF\0".getBytes(StandardCharsets.US_ASCII), new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        byte[] jumbf = concat("JP".getBytes(StandardCharsets.US_ASCII), "c2pa stds.exif GPSLatitude".getBytes(StandardCharsets.US_ASCII));
        Path marked = withSegments(plain, segment(0xE2, mpf), segment(0xEB, jumbf),
                segment(0xFE, "taken at home".getBytes(StandardCharsets.US_ASCII)));
        // A second picture after the first one's end, as a Multi-Picture file or a motion photo carries it.
        Path second = GpsPhotos.jpeg(TestImages.jpeg(dir, 160, 120), dir);
        Path whole = dir.resolve("whole.jpg");
        Files.write(whole, concat(Files.readAllBytes(marked), Files.readAllBytes(second)));
        assertThat(GpsPhotos.contains(whole, GpsPhotos.SERIAL)).isTrue();
        Path clean = dir.resolve("clean.jpg");

        assertThat(cleaner.remove(ImageFormat.JPEG, whole, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(Files.readAllBytes(clean)).as("the picture, byte for byte, and nothing else").isEqualTo(Files.readAllBytes(plain));
    }

    @Test
    void aGifLosesEveryApplicationExtensionButItsLoopAndProfile() throws Exception {
        Path gif = TestImages.animatedGif(dir, 80, 60, 2);
        byte[] bytes = Files.readAllBytes(gif);
        int afterScreen = 13 + ((bytes[10] & 0x80) == 0 ? 0 : 3 << ((bytes[10] & 7) + 1));
        byte[] iptc = "Marseille, Ana".getBytes(StandardCharsets.US_ASCII);
        byte[] extension = concat(new byte[] {0x21, (byte) 0xFF, 11}, "MGKIPTC0000".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) iptc.length}, iptc, new byte[] {0});
        Path marked = dir.resolve("iptc.gif");
        Files.write(marked, concat(java.util.Arrays.copyOf(bytes, afterScreen), extension,
                java.util.Arrays.copyOfRange(bytes, afterScreen, bytes.length)));

        assertThat(cleaner.remove(ImageFormat.GIF, marked, dir.resolve("clean.gif"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.gif"))).isEqualTo(bytes);
    }

    @Test
    void whatFollowsAPngOrAWebpIsCutAndAChunkLargerThanTheFileIsNoError() throws Exception {
        Path png = TestImages.png(dir, 64, 48);
        Path appended = dir.resolve("appended.png");
        Files.write(appended, concat(Files.readAllBytes(png), "GPS 43.2965,5.3698".getBytes(StandardCharsets.US_ASCII)));
        assertThat(cleaner.remove(ImageFormat.PNG, appended, dir.resolve("clean.png"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.png"))).isEqualTo(Files.readAllBytes(png));

        Path webp = TestImages.webp(dir, 64, 48);
        byte[] riff = Files.readAllBytes(webp);
        Path after = dir.resolve("after.webp");
        Files.write(after, concat(riff, "GPS 43.2965,5.3698".getBytes(StandardCharsets.US_ASCII)));
        assertThat(cleaner.remove(ImageFormat.WEBP, after, dir.resolve("clean.webp"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.webp"))).isEqualTo(riff);

        // A chunk that claims more bytes than there are, even more than an int holds.
        byte[] huge = java.util.Arrays.copyOf(riff, riff.length + 8);
        ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, riff.length + 8 - 8)
                .put(riff.length, "EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(riff.length + 4, 0xFFFFFFF0);
        Path lying = dir.resolve("lying.webp");
        Files.write(lying, huge);
        assertThat(cleaner.remove(ImageFormat.WEBP, lying, dir.resolve("x.webp"))).isEqualTo(Outcome.UNSUPPORTED);
    }

    @Test
    void aGifLosesItsXmpAndCommentsButNotItsFrames() throws Exception {
        Path gif = TestImages.animatedGif(dir, 120, 90, 3);
        byte[] bytes = Files.readAllBytes(gif);
        int afterScreen = 13 + ((bytes[10] & 0x80) == 0 ? 0 : 3 << ((bytes[10] & 7) + 1));
        byte[] xmp = "<x:xmpmeta><rdf:Description exif:GPSLatitude=\"43,17.79N\"/></x:xmpmeta>".getBytes(StandardCharsets.UTF_8);
        byte[] trailer = new byte[258];
        trailer[0] = 1;
        for (int i = 1; i < 257; i++) {
            trailer[i] = (byte) (256 - i);
        }
        byte[] xmpExtension = concat(new byte[] {0x21, (byte) 0xFF, 11}, "XMP DataXMP".getBytes(StandardCharsets.US_ASCII), xmp, trailer);
        byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, 14}, "Taken at home.".getBytes(StandardCharsets.US_ASCII), new byte[] {0});
        Path marked = dir.resolve("marked.gif");
        Files.write(marked, concat(java.util.Arrays.copyOf(bytes, afterScreen), xmpExtension, comment,
                java.util.Arrays.copyOfRange(bytes, afterScreen, bytes.length)));
        assertThat(Imaging.getImageInfo(marked.toFile()).getNumberOfImages()).as("a valid GIF with them").isEqualTo(3);
        Path clean = dir.resolve("clean.gif");

        assertThat(cleaner.remove(ImageFormat.GIF, marked, clean)).isEqualTo(Outcome.REMOVED);

        assertThat(Files.readAllBytes(clean)).isEqualTo(bytes);
        assertThat(cleaner.remove(ImageFormat.GIF, gif, dir.resolve("again.gif"))).isEqualTo(Outcome.NONE_FOUND);
    }

    @Test
    void aFileWhoseStructureCannotBeWalkedIsForItsOwnerOnlyNotAnError() throws Exception {
        Path jpeg = TestImages.jpeg(dir, 200, 100);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(jpeg), 40));
        Path gif = TestImages.gif(dir, 50, 40);
        Path cutGif = dir.resolve("cut.gif");
        Files.write(cutGif, java.util.Arrays.copyOf(Files.readAllBytes(gif), 30));

        assertThat(cleaner.remove(ImageFormat.JPEG, cut, dir.resolve("x.jpg"))).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(cleaner.remove(ImageFormat.GIF, cutGif, dir.resolve("x.gif"))).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(Files.exists(dir.resolve("x.jpg"))).isFalse();
        assertThat(cleaner.remove(ImageFormat.AVIF, TestImages.avif(dir, 64, 64), dir.resolve("x.avif"))).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(cleaner.remove(ImageFormat.TIFF, TestImages.tiff(dir, 64, 64), dir.resolve("x.tif"))).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(java.util.Arrays.stream(ImageFormat.values()).filter(cleaner::edits))
                .as("the formats whose files are read at all").containsExactlyInAnyOrder(ImageFormat.JPEG, ImageFormat.PNG,
                        ImageFormat.WEBP, ImageFormat.GIF);
    }

    @Test
    void aJpegCutOffInItsScanIsStillCleanedAndThousandsOfCommentsAreOneCut() throws Exception {
        Path plain = TestImages.jpeg(dir, 240, 160);
        byte[] bytes = Files.readAllBytes(plain);
        Path noEnd = dir.resolve("no-end.jpg");
        Files.write(noEnd, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        assertThat(cleaner.remove(ImageFormat.JPEG, noEnd, dir.resolve("x.jpg"))).as("libjpeg shows it: so do we")
                .isEqualTo(Outcome.NONE_FOUND);

        byte[][] comments = new byte[20_000][];
        java.util.Arrays.fill(comments, segment(0xFE, new byte[0]));
        Path commented = withSegments(plain, comments);
        Path clean = dir.resolve("clean.jpg");
        assertThat(cleaner.remove(ImageFormat.JPEG, commented, clean)).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(clean)).isEqualTo(bytes);
    }

    @Test
    void aWebpWithAnUnpaddedLastChunkAPngWithAManifestAndAGifWithATailComeOutWhole() throws Exception {
        byte[] riff = Files.readAllBytes(TestImages.webp(dir, 64, 48));
        byte[] withXmp = concat(riff, "XMP ".getBytes(StandardCharsets.US_ASCII), new byte[] {5, 0, 0, 0}, "<x/>!".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer.wrap(withXmp).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, withXmp.length - 8);
        Path webp = dir.resolve("unpadded.webp");
        Files.write(webp, withXmp);
        assertThat(cleaner.remove(ImageFormat.WEBP, webp, dir.resolve("clean.webp"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.webp"))).as("its RIFF size counts every byte left").isEqualTo(riff);

        byte[] png = Files.readAllBytes(TestImages.png(dir, 40, 30));
        byte[] manifest = "c2pa manifest: GPS 43.2965".getBytes(StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("caBX".getBytes(StandardCharsets.US_ASCII));
        crc.update(manifest);
        byte[] chunk = ByteBuffer.allocate(12 + manifest.length).putInt(manifest.length)
                .put("caBX".getBytes(StandardCharsets.US_ASCII)).put(manifest).putInt((int) crc.getValue()).array();
        Path withManifest = dir.resolve("manifest.png");
        Files.write(withManifest, concat(java.util.Arrays.copyOf(png, 33), chunk, java.util.Arrays.copyOfRange(png, 33, png.length)));
        assertThat(cleaner.remove(ImageFormat.PNG, withManifest, dir.resolve("clean.png"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.png"))).isEqualTo(png);

        byte[] gif = Files.readAllBytes(TestImages.gif(dir, 30, 20));
        Path tail = dir.resolve("tail.gif");
        Files.write(tail, concat(gif, "GPS 43.2965,5.3698".getBytes(StandardCharsets.US_ASCII)));
        assertThat(cleaner.remove(ImageFormat.GIF, tail, dir.resolve("clean.gif"))).isEqualTo(Outcome.REMOVED);
        assertThat(Files.readAllBytes(dir.resolve("clean.gif"))).isEqualTo(gif);
    }

    /** A JPEG segment: marker, length, data. */
    private static byte[] segment(int marker, byte[] data) {
        return ByteBuffer.allocate(4 + data.length).put((byte) 0xFF).put((byte) marker).putShort((short) (2 + data.length))
                .put(data).array();
    }

    /** The JPEG with these segments right after its start marker. */
    private Path withSegments(Path jpeg, byte[]... segments) throws Exception {
        byte[] bytes = Files.readAllBytes(jpeg);
        byte[][] parts = new byte[segments.length + 2][];
        parts[0] = java.util.Arrays.copyOf(bytes, 2);
        System.arraycopy(segments, 0, parts, 1, segments.length);
        parts[parts.length - 1] = java.util.Arrays.copyOfRange(bytes, 2, bytes.length);
        Path out = dir.resolve("with-segments-" + jpeg.getFileName());
        Files.write(out, concat(parts));
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aFileWithNothingPersonalIsLeftAsItIs() throws Exception {
        Path png = TestImages.png(dir, 64, 64);
        assertThat(cleaner.remove(ImageFormat.PNG, png, dir.resolve("x.png"))).isEqualTo(Outcome.NONE_FOUND);
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
        assertThat(cleaner.remove(ImageFormat.HEIC, png, dir.resolve("x.heic"))).isEqualTo(Outcome.UNSUPPORTED);
    }
}
