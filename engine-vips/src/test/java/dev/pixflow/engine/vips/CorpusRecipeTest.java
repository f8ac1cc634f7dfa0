package dev.pixflow.engine.vips;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.testing.Rgb;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Recipes on real photos of the shared corpus, when it is present beside the repository: the
 * EXIF-rotated photo comes out upright, the GPS position of a phone photo does not leave with
 * {@code meta:keep}, the animated GIF keeps its frames, and every kind of source takes text.
 */
class CorpusRecipeTest {
    private static final String TEXT = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("Pixflow".getBytes(StandardCharsets.UTF_8));
    private static Path corpus;
    private static VipsImageEngine engine;

    @TempDir
    Path out;

    @BeforeAll
    static void corpus() {
        Path here = Path.of("").toAbsolutePath();
        corpus = Stream.of(here.resolve("../../shared/corpus/images"), here.resolve("../shared/corpus/images"))
                .map(Path::normalize).filter(Files::isDirectory).findFirst().orElse(null);
        engine = new VipsImageEngine();
    }

    private Path photo(String name) {
        assumeTrue(corpus != null, "no image corpus next to the repository");
        return corpus.resolve(name);
    }

    private RenderedFile render(Path file, String recipe, boolean alpha) {
        return engine.render(file, List.of(Variant.of("c", recipe)), alpha, out).getFirst();
    }

    @Test
    void theExifRotatedPhotoIsUpright() {
        RenderedFile r = render(photo("jpeg_small_exif_orientation6_640x428.jpg"), "w:214", false);

        Inspection written = TestImages.inspect(r.file());
        assertThat(List.of(written.width(), written.height(), written.orientation())).containsExactly(214, 320, 1);
    }

    @Test
    void keepingMetadataNeverKeepsThePhonesGpsPosition() {
        Path starfish = photo("jpeg_small_starfish_exif_1278x720.jpg");
        assertThat(TestImages.fields(starfish)).anyMatch(f -> f.startsWith("exif-ifd3-GPS"));

        RenderedFile kept = render(starfish, "w:300,meta:keep", false);

        assertThat(TestImages.inspect(kept.file()).hasExif()).isTrue();
        assertThat(TestImages.fields(kept.file())).anyMatch(f -> f.startsWith("exif-ifd0-Make"))
                .noneMatch(f -> f.startsWith("exif-ifd3-"));
    }

    @Test
    void theAnimatedGifKeepsAllItsFrames() {
        RenderedFile r = render(photo("gif_animated_photo_24f_238x372.gif"), "w:119,text:" + TEXT + ",size:12,f:webp", true);

        assertThat(r.frames()).isEqualTo(24);
        Inspection written = TestImages.inspect(r.file());
        assertThat(written.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(written.pages()).isEqualTo(24);
        assertThat(List.of(written.width(), written.height())).containsExactly(119, 186);
    }

    @Test
    void everyKindOfSourceTakesACropTextAndAModernFormat() {
        for (String name : List.of("jpeg_tiny_cmyk_150x103.jpeg", "png_16bit_rgba_32x32.png",
                "jpeg_small_tower_grayscale_512x512.jpg", "jpeg_small_snake_progressive_600x450.jpg",
                "png_alpha_dice_800x600.png", "webp_alpha_rose_400x301.webp", "avif_still_320x180.avif",
                "tiff_photo_pills_800x519.tiff")) {
            Path source = photo(name);
            boolean alpha = engine.probe(source).hasAlpha();

            RenderedFile r = render(source, "crop:1:1,w:64,enlarge:1,text:" + TEXT + ",size:10,color:ff0000,tg:s,f:webp", alpha);

            Inspection written = TestImages.inspect(r.file());
            assertThat(List.of(written.width(), written.height())).as(name).containsExactly(64, 64);
            assertThat(written.interpretation()).as(name).isEqualTo("srgb");
            assertThat(TestImages.pixels(r.file()).count(0, 44, 64, 20, c -> c.isNear(Rgb.RED, 90)))
                    .as("red text at the bottom of " + name).isPositive();
        }
    }
}
