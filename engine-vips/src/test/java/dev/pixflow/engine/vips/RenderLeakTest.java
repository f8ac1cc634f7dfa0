package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.ffm.LibHeif;
import dev.pixflow.engine.vips.ffm.LibVips;
import dev.pixflow.engine.vips.testing.OpenFiles;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Renders many times and checks that libvips holds what it held before: no image, buffer or file. */
class RenderLeakTest {
    private static final List<Variant> SPECS = List.of(
            Variant.of("thumb", "w:256,h:256,fit:cover,g:smart,q:80"),
            Variant.of("small", "w:400,h:400,q:80"));

    @TempDir
    Path dir;

    @Test
    void twoHundredRendersLeaveLibvipsAsTheyFoundIt() throws IOException {
        VipsImageEngine engine = new VipsImageEngine();
        Path jpeg = TestImages.jpeg(dir, 1200, 800);
        Path alpha = TestImages.pngWithAlpha(dir, 600, 400);
        Path truncated = TestImages.truncatedJpeg(dir, 600, 400);
        Path out = Files.createDirectory(dir.resolve("out"));
        // Warm up once on every path, so one-off allocations (libraries, type tables) are made.
        for (int i = 0; i < 4; i++) {
            renderOnce(engine, i, jpeg, alpha, truncated, out);
        }
        Held before = Held.now();

        for (int i = 0; i < 200; i++) {
            renderOnce(engine, i, jpeg, alpha, truncated, out);
        }

        before.awaitNoMore();
        // A JPEG is read through a source whose descriptor libvips' tracking does not count.
        assertThat(OpenFiles.descriptorsOn(jpeg, truncated)).as("descriptors open on the originals").isZero();
    }

    /**
     * HEIC as phones write it (HEVC, turned by irot, with EXIF), a truncated one, and a verify, in
     * turn: where libheif decodes HEIC, each decoded image must be released with the libvips image
     * that read it, and nothing of libvips may stay behind either.
     */
    @Test
    void heicRendersLeaveLibvipsAndLibheifAsTheyFoundThem() throws IOException {
        VipsImageEngine engine = new VipsImageEngine();
        Path heic = TestImages.heicRotated(dir, 640, 480);
        byte[] whole = Files.readAllBytes(heic);
        Path truncated = Files.write(dir.resolve("truncated.heic"), java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
        Path out = Files.createDirectories(dir.resolve("out-heic"));
        for (int i = 0; i < 3; i++) {
            renderHeicOnce(engine, i, heic, truncated, out);
        }
        int heifImages = LibHeif.liveImages();
        Held before = Held.now();

        for (int i = 0; i < 60; i++) {
            renderHeicOnce(engine, i, heic, truncated, out);
        }

        assertThat(LibHeif.liveImages()).as("decoded HEIC images held").isEqualTo(heifImages).isZero();
        before.awaitNoMore();
    }

    /**
     * What libvips holds at one moment. A render returns once its pool's workers have finished their
     * last tile, but each worker thread gives back its private buffers only after that, so a count
     * taken right after a render can include a few buffers on their way out. Settled counts are the
     * lowest, and a leak only ever grows them: after the loop, the counts must come down to at most
     * what they were before it, and a render that keeps a buffer, an image or a file holds it for good
     * and fails the wait.
     */
    private record Held(int objects, int allocations, long memory, int files) {
        static Held now() {
            return new Held(LibVips.liveObjects(), LibVips.trackedAllocations(), LibVips.trackedMemory(),
                    LibVips.trackedFiles());
        }

        void awaitNoMore() {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Held after = now();
                assertThat(after.objects).as("live libvips objects").isLessThanOrEqualTo(objects);
                assertThat(after.allocations).as("pixel buffers").isLessThanOrEqualTo(allocations);
                assertThat(after.memory).as("pixel memory").isLessThanOrEqualTo(memory);
                assertThat(after.files).as("open files").isLessThanOrEqualTo(files);
            });
        }
    }

    /** A truncated HEIC, a verify, then a render, in turn: every third call, and the last, succeeds. */
    private static void renderHeicOnce(VipsImageEngine engine, int i, Path heic, Path truncated, Path out)
            throws IOException {
        switch (i % 3) {
            case 0 -> assertThatThrownBy(() -> engine.render(truncated, SPECS, false, out))
                    .isInstanceOf(RejectedImageException.class);
            case 1 -> engine.verify(heic);
            default -> delete(engine.render(heic, SPECS, false, out));
        }
    }

    /**
     * A failing decode, JPEG to JPEG (under a deadline, so with its progress handler), alpha to WebP,
     * alpha flattened to JPEG, in turn.
     */
    private static void renderOnce(VipsImageEngine engine, int i, Path jpeg, Path alpha, Path truncated, Path out)
            throws IOException {
        switch ((i + 3) % 4) {
            case 0 -> delete(engine.render(new RenderRequest(jpeg, SPECS, false, Map.of(), RenditionLimits.DEFAULTS, out,
                    Optional.of(Deadline.after(Duration.ofMinutes(5))))));
            case 1 -> delete(engine.render(alpha, SPECS, true, out));
            case 2 -> delete(engine.render(alpha, SPECS, false, out));
            default -> assertThatThrownBy(() -> engine.render(truncated, SPECS, false, out))
                    .isInstanceOf(RejectedImageException.class);
        }
    }

    private static void delete(List<RenderedFile> rendered) throws IOException {
        assertThat(rendered).hasSize(SPECS.size());
        for (RenderedFile file : rendered) {
            Files.delete(file.file());
        }
    }
}
