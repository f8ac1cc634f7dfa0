package dev.pixflow.core.port;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.domain.LoggedEvent;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes analytics tables as files (Parquet or CSV) with typed columns. Rows go in one at a time, so a
 * large day is never held whole in the heap; the file appears only when {@link Table#finish()} returns.
 */
public interface AnalyticsWriter {

    /** One table being written. Closing it without {@link #finish()} abandons it and leaves no file. */
    interface Table<R> extends AutoCloseable {
        void add(R row) throws IOException;

        /** Writes the file (with its columns, even when no row was added): what {@code images} or {@code events} was given. */
        void finish() throws IOException;

        @Override
        void close() throws IOException;
    }

    Table<ExportedImage> images(Path file, AnalyticsFormat format) throws IOException;

    Table<LoggedEvent> events(Path file, AnalyticsFormat format) throws IOException;
}
