package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.source.JpegStructure;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upload check of JPEGs walks their structure instead of decoding them ({@link JpegStructure}).
 * Its promise: what the walk accepts, the decode accepts too (the walk may say "unsure", and then the
 * decode decides as before). Held here against the decode on real photos, cut short and damaged.
 */
class JpegVerifyTest {
    @TempDir
    static Path dir;
    static VipsImageEngine engine;
    static List<Path> sources = new ArrayList<>();

    @BeforeAll
    static void sources() throws IOException {
        engine = new VipsImageEngine();
        Path photo = corpus("jpeg_small_starfish_exif_1278x720.jpg");
        sources.add(photo);
        sources.add(corpus("jpeg_medium_freshflower_progressive_1600x1203.jpg"));
        sources.add(corpus("jpeg_small_tower_grayscale_512x512.jpg"));
        sources.add(corpus("jpeg_tiny_cmyk_150x103.jpeg"));
        try (VipsImage image = VipsImage.open(photo)) {
            Path restarts = dir.resolve("restarts.jpg");
            image.save("jpegsave", restarts, VipsOptions.none().with("Q", 85).with("restart_interval", 3));
            sources.add(restarts);
            Path progressiveRestarts = dir.resolve("progressive-restarts.jpg");
            image.save("jpegsave", progressiveRestarts, VipsOptions.none().with("Q", 85).with("interlace", true)
                    .with("restart_interval", 2));
            sources.add(progressiveRestarts);
        }
        sources.add(TestImages.cmykJpeg(dir, 300, 200));
        sources.add(TestImages.jpegOrientation6(dir, 300, 200));
    }

    /** A corpus photo, or a stand-in made here when the corpus is not next to the repository. */
    private static Path corpus(String name) {
        Path here = Path.of("").toAbsolutePath();
        return Stream.of(here.resolve("../../shared/corpus/images"), here.resolve("../shared/corpus/images"))
                .map(d -> d.resolve(name).normalize()).filter(Files::isRegularFile).findFirst()
                .orElseGet(() -> TestImages.jpeg(dir, 640 + name.length(), 480));
    }

    @Test
    void wholeJpegsPassTheWalkAndTheDecode() {
        for (Path source : sources) {
            assertThat(JpegStructure.whole(source)).as(source.getFileName().toString()).isTrue();
            assertThatCode(() -> engine.decodeVerify(source)).doesNotThrowAnyException();
        }
    }

    @Test
    void everyCorpusJpegPassesTheWalk() throws IOException {
        Path corpus = corpus("jpeg_small_starfish_exif_1278x720.jpg").getParent();
        try (Stream<Path> files = Files.list(corpus)) {
            List<Path> jpegs = files.filter(f -> f.getFileName().toString().startsWith("jpeg_")).toList();
            assertThat(jpegs).allSatisfy(f -> assertThat(JpegStructure.whole(f)).as(f.getFileName().toString()).isTrue());
        }
    }

    @Test
    void aJpegCutShortAnywhereIsRefusedByTheWalkAndTheDecodeDecides() throws IOException {
        for (Path source : sources) {
            byte[] whole = Files.readAllBytes(source);
            // Up to the end of EOI: bytes after it (some writers add a few) are no part of the image.
            int end = endOfImage(whole);
            List<Integer> cuts = new ArrayList<>();
            for (int i = 1; i < 32; i++) {
                cuts.add(end * i / 32);
            }
            for (int back = 1; back <= 8; back++) {
                cuts.add(end - back);
            }
            for (int cut : cuts) {
                Path cutShort = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(whole, cut));
                assertThat(JpegStructure.whole(cutShort)).as("%s cut at %d of %d", source.getFileName(), cut, end)
                        .isFalse();
            }
        }
        Path truncated = TestImages.truncatedJpeg(dir, 1200, 800);
        assertThatThrownBy(() -> engine.verify(truncated)).isInstanceOfSatisfying(RejectedImageException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectedImageException.Reason.CORRUPT));
    }

    @Test
    void whatTheWalkAcceptsOfDamagedJpegsTheDecodeAcceptsToo() throws IOException {
        Random random = new Random(20261204);
        int accepted = 0;
        int refused = 0;
        for (Path source : sources) {
            byte[] whole = Files.readAllBytes(source);
            int headers = firstScanData(whole);
            for (int i = 0; i < 60; i++) {
                byte[] damaged = whole.clone();
                // Half in the segments before the pixels, where a change decides what libjpeg makes of them.
                int at = i % 2 == 0 ? 2 + random.nextInt(headers - 2) : random.nextInt(whole.length);
                damaged[at] = (byte) random.nextInt(256);
                Path file = Files.write(dir.resolve("damaged.jpg"), damaged);
                if (JpegStructure.whole(file)) {
                    accepted++;
                    assertThatCode(() -> engine.decodeVerify(file)).as("%s with byte %d set to %d", source.getFileName(),
                            at, damaged[at] & 0xFF).doesNotThrowAnyException();
                } else {
                    refused++;
                }
            }
        }
        assertThat(accepted).as("damage the walk cannot see (pixels) is left to the decode's warnings").isPositive();
        assertThat(refused).as("damage to the structure is seen").isPositive();
    }

    /** Just past the last EOI marker. */
    private static int endOfImage(byte[] jpeg) {
        for (int at = jpeg.length - 2; at >= 0; at--) {
            if ((jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) == 0xD9) {
                return at + 2;
            }
        }
        throw new IllegalStateException("no EOI");
    }

    /** Where the first scan's data starts: after its SOS segment. */
    private static int firstScanData(byte[] jpeg) {
        int at = 2;
        while (at + 4 <= jpeg.length) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            at += 2 + length;
            if (marker == 0xDA) {
                return at;
            }
        }
        throw new IllegalStateException("no scan");
    }
}
