package dev.pixflow.adapter.analytics;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.AnalyticsWriter;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer on its own: a day far larger than DuckDB's memory limit is still written (rows spill to
 * the scratch database, Parquet row groups stay small), and a table abandoned before it finishes leaves
 * no file and no scratch behind.
 */
class DuckDbAnalyticsWriterTest {
    @TempDir
    Path dir;

    private static ExportedImage image(int i) {
        Instant at = Instant.parse("2026-05-01T00:00:00Z").plusMillis(i * 800L);
        return new ExportedImage(new ImageId("0190a000-0000-7000-8000-%012d".formatted(i)), "owner-" + (i % 50),
                ImageStatus.READY, "IMG_%06d.jpg".formatted(i), ImageFormat.JPEG, 1_000_000L + i, 4000, 3000, false,
                "%064x".formatted(i), Visibility.PUBLIC, Optional.of("photo number " + i), List.of("sea", "tag" + (i % 100)),
                at, at, Optional.empty(), Optional.of("Canon"), Optional.empty(), Optional.empty());
    }

    @Test
    void aDayLargerThanTheMemoryLimitIsWritten() throws Exception {
        int rows = 100_000;
        Path file = dir.resolve("images.parquet");
        try (AnalyticsWriter.Table<ExportedImage> table = new DuckDbAnalyticsWriter("32MB").images(file, AnalyticsFormat.PARQUET)) {
            for (int i = 1; i <= rows; i++) {
                table.add(image(i));
            }
            table.finish();
        }
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), sum(bytes), max(len(tags)) FROM read_parquet('" + file + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rows);
            assertThat(rs.getLong(2)).isEqualTo(rows);
            assertThat(rs.getLong(3)).isEqualTo(1_000_000L * rows + (long) rows * (rows + 1) / 2);
            assertThat(rs.getLong(4)).isEqualTo(2);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("images.parquet");
        }
    }

    @Test
    void anAbandonedTableLeavesNothing() throws Exception {
        Path file = dir.resolve("images.csv");
        try (AnalyticsWriter.Table<ExportedImage> table = new DuckDbAnalyticsWriter("32MB").images(file, AnalyticsFormat.CSV)) {
            table.add(image(1));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void csvTimestampsAlwaysCarryTheirThreeDigitsOfMilliseconds() throws Exception {
        Path file = dir.resolve("images.csv");
        try (AnalyticsWriter.Table<ExportedImage> table = new DuckDbAnalyticsWriter("32MB").images(file, AnalyticsFormat.CSV)) {
            table.add(image(0));
            table.add(image(1));
            table.finish();
        }
        String csv = Files.readString(file);
        assertThat(csv).contains(",2026-05-01 00:00:00.000,").contains(",2026-05-01 00:00:00.800,");
    }
}
