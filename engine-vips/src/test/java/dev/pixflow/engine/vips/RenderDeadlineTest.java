package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.DeadlineExceededException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.pipeline.RenderContext;
import dev.pixflow.engine.vips.pipeline.RenderStep;
import dev.pixflow.engine.vips.pipeline.VariantState;
import dev.pixflow.engine.vips.pipeline.VariantStep;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A render past its deadline stops (between steps, or inside a long one) and leaves nothing behind. */
class RenderDeadlineTest {
    @TempDir
    static Path fixtures;
    @TempDir
    Path out;
    static Path photo;

    @BeforeAll
    static void setUp() {
        photo = TestImages.jpeg(fixtures, 1200, 800);
    }

    @Test
    void aRenderPastItsDeadlineStopsBeforeItsNextStepAndLeavesNoFile() throws IOException {
        // The slow step runs after every variant is encoded, for the first variant only: the check before
        // the second one stops the render with three files already written.
        AtomicInteger slowed = new AtomicInteger();
        List<RenderStep> steps = new ArrayList<>(RenderPipeline.standard().steps());
        steps.add(new WaitOutTheDeadline(slowed));
        VipsImageEngine engine = new VipsImageEngine(VipsSettings.defaults(), new RenderPipeline(steps));
        Deadline deadline = Deadline.after(Duration.ofMillis(200));

        assertThatThrownBy(() -> engine.render(request(DefaultVariants.ALL, deadline)))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("deadline of 200 ms")
                .hasMessageContaining("WaitOutTheDeadline of medium");
        assertThat(slowed).hasValue(1);
        assertThat(filesIn(out)).as("the variants encoded before the stop are deleted").isEmpty();
    }

    @Test
    void aLongStepIsStoppedInItsMiddle() throws IOException {
        // Three wide blurs over 12 MP: about 30 s on one fast core, where one alone took 0.6 s, too near
        // the deadline. The deadline stops them from inside the encode, where libvips computes the
        // pixels, rather than after it.
        Path big = TestImages.jpeg(fixtures, 4000, 3000);
        Variant slow = Variant.of("slow", "blur:100,".repeat(3) + "q:80");
        Deadline deadline = Deadline.after(Duration.ofMillis(500));
        VipsImageEngine engine = new VipsImageEngine();

        assertThatThrownBy(() -> engine.render(new RenderRequest(big, List.of(slow), false, Map.of(),
                RenditionLimits.DEFAULTS, out, Optional.of(deadline))))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("a step in progress")
                .cause().isInstanceOf(VipsException.class).hasMessageContaining("killed");
        assertThat(filesIn(out)).isEmpty();
    }

    @Test
    void aRenderWithinItsDeadlineIsUntouched() {
        VipsImageEngine engine = new VipsImageEngine();

        assertThat(engine.render(request(DefaultVariants.ALL, Deadline.after(Duration.ofMinutes(5)))))
                .hasSize(3).allSatisfy(file -> assertThat(file.file()).exists());
    }

    private RenderRequest request(List<Variant> variants, Deadline deadline) {
        return new RenderRequest(photo, variants, false, Map.of(), RenditionLimits.DEFAULTS, out, Optional.of(deadline));
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** A step that, for the first variant only, takes until the render's deadline has passed. */
    private record WaitOutTheDeadline(AtomicInteger slowed) implements VariantStep {
        @Override
        public void apply(RenderContext context, VariantState variant) {
            if (slowed.getAndIncrement() > 0) {
                return;
            }
            try {
                while (!passed(context)) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static boolean passed(RenderContext context) {
            try {
                context.checkDeadline("the test's wait");
                return false;
            } catch (DeadlineExceededException e) {
                return true;
            }
        }
    }
}
