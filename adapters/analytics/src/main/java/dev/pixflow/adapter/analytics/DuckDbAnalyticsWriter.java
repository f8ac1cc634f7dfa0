package dev.pixflow.adapter.analytics;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.AnalyticsWriter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Analytics files written by an embedded DuckDB: rows go into a table through DuckDB's appender, then
 * {@code COPY ... TO} writes the file. Timestamps are {@code TIMESTAMP} (UTC), tags a list of strings
 * in Parquet ({@code array<string>} to Athena) and the tags joined by commas in CSV, which has no lists.
 * Each table lives in a DuckDB database file of its own beside the output, so a large day spills to
 * disk under DuckDB's memory limit instead of growing the heap.
 */
public final class DuckDbAnalyticsWriter implements AnalyticsWriter {

    static final String IMAGE_COLUMNS = """
            id VARCHAR, owner VARCHAR, status VARCHAR, filename VARCHAR, format VARCHAR, bytes BIGINT,
            width INTEGER, height INTEGER, has_alpha BOOLEAN, sha256 VARCHAR, visibility VARCHAR, title VARCHAR,
            tags VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP, taken_at TIMESTAMP, camera_make VARCHAR,
            camera_model VARCHAR, expires_at TIMESTAMP""";

    static final String EVENT_COLUMNS = """
            sequence BIGINT, event_id VARCHAR, type VARCHAR, occurred_at TIMESTAMP, image_id VARCHAR, owner VARCHAR,
            variant VARCHAR, format VARCHAR, bytes BIGINT, width INTEGER, height INTEGER, render_ms DOUBLE,
            error VARCHAR""";

    /** Parquet keeps tags as a list; the staging column holds them joined (a tag cannot hold a comma). */
    private static final String IMAGES_AS_PARQUET = """
            SELECT * REPLACE (CASE WHEN tags IS NULL OR tags = '' THEN []::VARCHAR[]
                                   ELSE string_split(tags, ',') END AS tags) FROM rows""";

    private final String memoryLimit;

    /** @param memoryLimit DuckDB's memory limit per table being written, such as {@code 256MB} */
    public DuckDbAnalyticsWriter(String memoryLimit) {
        if (!memoryLimit.matches("[0-9]+(\\.[0-9]+)?\\s*[KMGT]?i?B")) {
            throw new IllegalArgumentException("not a DuckDB memory size: " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
    }

    @Override
    public Table<ExportedImage> images(Path file, AnalyticsFormat format) throws IOException {
        String query = format == AnalyticsFormat.PARQUET ? IMAGES_AS_PARQUET : "SELECT * FROM rows";
        return new DuckDbTable<>(file, format, memoryLimit, IMAGE_COLUMNS, query, DuckDbAnalyticsWriter::image);
    }

    @Override
    public Table<LoggedEvent> events(Path file, AnalyticsFormat format) throws IOException {
        return new DuckDbTable<>(file, format, memoryLimit, EVENT_COLUMNS, "SELECT * FROM rows", DuckDbAnalyticsWriter::event);
    }

    private static void image(DuckDbTable.Row row, ExportedImage i) throws java.sql.SQLException {
        row.text(i.id().value()).text(i.owner()).text(i.status().id()).text(i.filename()).text(i.format().id())
                .number(i.bytes()).number(i.width()).number(i.height()).bool(i.hasAlpha()).text(i.sha256())
                .text(i.visibility().id()).text(i.title()).text(String.join(",", i.tags())).time(i.createdAt())
                .time(i.updatedAt()).time(i.takenAt()).text(i.cameraMake()).text(i.cameraModel()).time(i.expiresAt());
    }

    private static void event(DuckDbTable.Row row, LoggedEvent logged) throws java.sql.SQLException {
        ImageEvent e = logged.event();
        row.number(logged.sequence()).text(e.id().toString()).text(e.type().wireName()).time(e.occurredAt())
                .text(e.imageId().value()).text(e.owner()).text(e.variant()).text(e.format().map(ImageFormat::id));
        if (e.hasSize()) {
            row.number(e.bytes()).number(e.width()).number(e.height());
        } else {
            row.nulls(3); // bytes, width, height
        }
        row.decimal(e.renderTime().map(d -> d.toNanos() / 1_000_000.0)).text(e.error());
    }
}
