package dev.pixflow.engine.vips;

import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.engine.vips.testing.TestImages.Inspection;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every file of the shared corpus of real images (when it is present next to the repository): each
 * is probed, verified and rendered to the default variants, except the truncated HEIC, which must be
 * refused cleanly.
 */
class CorpusRenderTest {
    private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TempDir
    static Path out;

    @TestFactory
    Stream<DynamicTest> rendersEveryCorpusImage() throws IOException {
        Optional<Path> corpus = corpus();
        assumeTrue(corpus.isPresent(), "no image corpus next to the repository");
        VipsImageEngine engine = new VipsImageEngine();
        List<Path> files;
        try (Stream<Path> listed = Files.list(corpus.get())) {
            files = listed.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        Stream<DynamicTest> each = files.stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> check(engine, file)));
        DynamicTest kinds = DynamicTest.dynamicTest("covers CMYK, grey, 16-bit and animated sources",
                () -> assertThat(SEEN).contains("cmyk/uchar", "b-w/uchar", "rgb16/ushort", "srgb/uchar/animated"));
        return Stream.concat(each, Stream.of(kinds));
    }

    private static void check(VipsImageEngine engine, Path file) {
        String name = file.getFileName().toString();
        if (name.contains("truncated")) {
            assertThatThrownBy(() -> {
                engine.probe(file);
                engine.verify(file);
                engine.render(file, DefaultVariants.ALL, false, out);
            }).isInstanceOfSatisfying(RejectedImageException.class,
                    e -> assertThat(e.reason()).isIn(Reason.CORRUPT, Reason.NOT_AN_IMAGE));
            return;
        }
        ImageProbe probe = engine.probe(file);
        Inspection source = TestImages.inspect(file);
        engine.verify(file);

        List<RenderedFile> rendered = engine.render(file, DefaultVariants.ALL, probe.hasAlpha(), out);

        ImageFormat expected = Output.defaultFormat(probe.hasAlpha());
        assertThat(rendered).hasSize(DefaultVariants.ALL.size());
        for (RenderedFile output : rendered) {
            Inspection written = TestImages.inspect(output.file());
            assertThat(written.format()).isEqualTo(expected);
            assertThat(written.interpretation()).isEqualTo("srgb");
            assertThat(written.bandFormat()).isEqualTo("uchar");
            assertThat(written.bands()).isBetween(3, expected == ImageFormat.JPEG ? 3 : 4);
            assertThat(written.hasExif()).isFalse();
            assertThat(written.hasIccProfile()).isFalse();
            assertThat(List.of(written.width(), written.height()))
                    .isEqualTo(List.of(output.width(), output.height()))
                    .isEqualTo(expectedSize(output.spec(), probe.width(), probe.height()));
        }
        // The checks above hold for every source: CMYK, grey and 16-bit ones included, which is the
        // point of running them on the corpus. Make sure those kinds really were among them:
        SEEN.add(source.interpretation() + "/" + source.bandFormat() + (probe.pages() > 1 ? "/animated" : ""));
    }

    /** What the eye expects: fit inside or fill-and-crop, from the displayed size, never enlarged. */
    private static List<Integer> expectedSize(Variant variant, int width, int height) {
        Resize spec = (Resize) variant.recipe().ops().getFirst();
        double sx = (double) spec.width() / width;
        double sy = (double) spec.height() / height;
        double scale = Math.min(1.0, spec.fit() == Fit.COVER ? Math.max(sx, sy) : Math.min(sx, sy));
        int scaledWidth = (int) Math.max(1, Math.round(width * scale));
        int scaledHeight = (int) Math.max(1, Math.round(height * scale));
        if (spec.fit() == Fit.COVER) {
            return List.of(Math.min(spec.width(), scaledWidth), Math.min(spec.height(), scaledHeight));
        }
        return List.of(scaledWidth, scaledHeight);
    }

    /** The corpus lives beside the repository: {@code ../shared/corpus/images} from its root. */
    private static Optional<Path> corpus() {
        Path here = Path.of("").toAbsolutePath();
        return Stream.of(here.resolve("../../shared/corpus/images"), here.resolve("../shared/corpus/images"))
                .map(Path::normalize)
                .filter(Files::isDirectory)
                .findFirst();
    }
}
