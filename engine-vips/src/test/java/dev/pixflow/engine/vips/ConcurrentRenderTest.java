package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several platform threads rendering at once, as a worker pool does. */
class ConcurrentRenderTest {
    private static final int THREADS = 4;
    private static final int RENDERS_EACH = 8;

    @TempDir
    Path dir;

    @Test
    void parallelRendersEachGetTheirOwnCompleteFiles() throws Exception {
        VipsImageEngine engine = new VipsImageEngine();
        Path jpeg = TestImages.jpeg(dir, 1200, 800);
        Path alpha = TestImages.pngWithAlpha(dir, 600, 400);
        List<Callable<List<RenderedFile>>> work = new ArrayList<>();
        for (int i = 0; i < THREADS * RENDERS_EACH; i++) {
            boolean withAlpha = i % 2 == 1;
            work.add(() -> engine.render(withAlpha ? alpha : jpeg, DefaultVariants.ALL, withAlpha, dir));
        }

        List<RenderedFile> rendered = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (Future<List<RenderedFile>> done : pool.invokeAll(work)) {
                rendered.addAll(done.get());
            }
        }

        assertThat(rendered).hasSize(THREADS * RENDERS_EACH * DefaultVariants.ALL.size());
        assertThat(rendered).extracting(RenderedFile::file).doesNotHaveDuplicates();
        assertThat(rendered).allSatisfy(file -> {
            TestImages.Inspection written = TestImages.inspect(file.file());
            assertThat(List.of(written.width(), written.height())).containsExactly(file.width(), file.height());
            assertThat(written.format()).isEqualTo(file.format());
        });
    }
}
