package dev.pixflow.adapter.analytics;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.port.AnalyticsWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/** One table on its way to a file: a scratch DuckDB database, its appender, and the COPY that ends it. */
final class DuckDbTable<R> implements AnalyticsWriter.Table<R> {

    /** Appends one row's values, column by column, in the table's order. */
    interface RowWriter<R> {
        void write(Row row, R value) throws SQLException;
    }

    /** The appender's row, with the null handling the optional columns need. */
    static final class Row {
        private final DuckDBAppender appender;

        Row(DuckDBAppender appender) {
            this.appender = appender;
        }

        Row text(String v) throws SQLException {
            if (v == null) {
                appender.appendNull();
            } else {
                appender.append(v);
            }
            return this;
        }

        Row text(Optional<String> v) throws SQLException {
            return text(v.orElse(null));
        }

        Row number(long v) throws SQLException {
            appender.append(v);
            return this;
        }

        /** {@code n} columns without a value. */
        Row nulls(int n) throws SQLException {
            for (int i = 0; i < n; i++) {
                appender.appendNull();
            }
            return this;
        }

        Row number(int v) throws SQLException {
            appender.append(v);
            return this;
        }

        Row bool(boolean v) throws SQLException {
            appender.append(v);
            return this;
        }

        Row decimal(Optional<Double> v) throws SQLException {
            if (v.isEmpty()) {
                appender.appendNull();
            } else {
                appender.append(v.get().doubleValue());
            }
            return this;
        }

        Row time(Instant v) throws SQLException {
            appender.appendEpochMicros(Math.addExact(Math.multiplyExact(v.getEpochSecond(), 1_000_000L), v.getNano() / 1000));
            return this;
        }

        Row time(Optional<Instant> v) throws SQLException {
            if (v.isEmpty()) {
                appender.appendNull();
                return this;
            }
            return time(v.get());
        }
    }

    static final int ROW_GROUP = 16_384;

    private final Path file;
    private final AnalyticsFormat format;
    private final String query;
    private final RowWriter<R> rows;
    private final Path database;
    private final Connection connection;
    private DuckDBAppender appender;
    private boolean finished;

    DuckDbTable(Path file, AnalyticsFormat format, String memoryLimit, String columns, String query, RowWriter<R> rows)
            throws IOException {
        this.file = file;
        this.format = format;
        this.query = query;
        this.rows = rows;
        this.database = file.resolveSibling(file.getFileName() + ".duckdb");
        try {
            Properties props = new Properties();
            props.setProperty("memory_limit", memoryLimit);
            props.setProperty("threads", "1");
            // Where a table larger than the memory limit spills; removed with the scratch database.
            props.setProperty("temp_directory", spill().toAbsolutePath().toString());
            this.connection = new DuckDBDriver().connect("jdbc:duckdb:" + database.toAbsolutePath(), props);
        } catch (SQLException e) {
            throw new IOException("cannot open a scratch DuckDB database at " + database, e);
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE rows (" + columns + ")");
            appender = connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows");
        } catch (SQLException e) {
            closeQuietly();
            throw new IOException("cannot prepare the table for " + file, e);
        }
    }

    @Override
    public void add(R value) throws IOException {
        try {
            appender.beginRow();
            rows.write(new Row(appender), value);
            appender.endRow();
        } catch (SQLException e) {
            throw new IOException("cannot add a row to " + file, e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            appender.close();
            appender = null;
            // Parquet buffers a row group in memory before writing it: smaller groups than DuckDB's
            // default (122,880 rows) keep a day's file within the memory limit, at little cost to readers.
            String options = format == AnalyticsFormat.PARQUET ? "FORMAT parquet, ROW_GROUP_SIZE " + ROW_GROUP
                    // DuckDB's own leaves out trailing zeros (12:00:00.8): one width, as the docs show it.
                    : "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%g'";
            try (Statement s = connection.createStatement()) {
                s.execute("COPY (" + query + ") TO " + literal(file.toAbsolutePath().toString()) + " (" + options + ")");
            }
            finished = true;
        } catch (SQLException e) {
            throw new IOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
        Files.deleteIfExists(database);
        Files.deleteIfExists(database.resolveSibling(database.getFileName() + ".wal"));
        Path spill = spill();
        if (Files.isDirectory(spill)) {
            try (var files = Files.walk(spill)) {
                for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (!finished) {
            Files.deleteIfExists(file);
        }
    }

    private void closeQuietly() {
        try {
            if (appender != null) {
                appender.close();
            }
        } catch (SQLException ignored) {
            // Abandoned: nothing of it is kept.
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The scratch file is deleted next.
        }
    }

    private Path spill() {
        return database.resolveSibling(database.getFileName() + ".tmp");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
