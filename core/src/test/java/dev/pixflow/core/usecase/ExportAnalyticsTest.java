package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.AnalyticsWriter;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The images table of the export holds what counts: not an image past its expiry, swept yet or not. */
class ExportAnalyticsTest {
    @TempDir
    Path dir;

    @Test
    void anImagePastItsExpiryIsNotExportedBeforeTheSweeperTakesIt() throws Exception {
        try (InMemoryCore core = new InMemoryCore(dir)) {
            Instant now = core.clock().instant();
            List<ExportedImage> catalogue = List.of(image(1, now.minusSeconds(60), Optional.empty()),
                    image(2, now.minusSeconds(50), Optional.of(now.minusSeconds(1))),
                    image(3, now.minusSeconds(40), Optional.of(now)),
                    image(4, now.minusSeconds(30), Optional.of(now.plus(Duration.ofDays(1)))));
            List<ImageId> written = new ArrayList<>();
            AnalyticsWriter writer = new AnalyticsWriter() {
                @Override
                public Table<ExportedImage> images(Path file, AnalyticsFormat format) {
                    return table(file, row -> written.add(row.id()));
                }

                @Override
                public Table<LoggedEvent> events(Path file, AnalyticsFormat format) {
                    return table(file, row -> { });
                }
            };
            // Pages of two: the filter must not cut the paging short.
            ExportAnalytics export = new ExportAnalytics((from, to, after, limit) -> catalogue.stream()
                    .filter(i -> after.isEmpty() || i.createdAt().isAfter(after.get().createdAt()))
                    .limit(limit).toList(), core.events(), writer, core.blobs(), core.clock(), 2, java.time.Duration.ofDays(30));

            List<ExportAnalytics.DayFile> files = export.export(export.today(), export.today(), AnalyticsFormat.CSV);

            assertThat(written).containsExactly(new ImageId(id(1)), new ImageId(id(4)));
            assertThat(files.getFirst().rows()).isEqualTo(2);
        }
    }

    private static <R> AnalyticsWriter.Table<R> table(Path file, java.util.function.Consumer<R> rows) {
        return new AnalyticsWriter.Table<>() {
            @Override
            public void add(R row) {
                rows.accept(row);
            }

            @Override
            public void finish() throws java.io.IOException {
                Files.writeString(file, "written");
            }

            @Override
            public void close() {
            }
        };
    }

    private static String id(int n) {
        return "019a0000-0000-7000-8000-00000000000" + n;
    }

    private static ExportedImage image(int n, Instant created, Optional<Instant> expiresAt) {
        return new ExportedImage(new ImageId(id(n)), "ana", ImageStatus.READY, "a.jpg", ImageFormat.JPEG, 1000, 10, 10,
                false, "ab", Visibility.PUBLIC, Optional.empty(), List.of(), created, created, Optional.empty(),
                Optional.empty(), Optional.empty(), expiresAt);
    }
}
