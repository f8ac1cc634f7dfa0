package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Locale;

/** The file format of the analytics export: Parquet for query engines, CSV for spreadsheets and scripts. */
public enum AnalyticsFormat {
    PARQUET("parquet"),
    CSV("csv");

    private final String extension;

    AnalyticsFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Parses a name given on a command line or in a setting ({@code parquet}, {@code csv}). */
    public static AnalyticsFormat parse(String name) {
        for (AnalyticsFormat f : values()) {
            if (f.extension.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new InvalidInputException("format", "'" + name + "' is not an export format (parquet or csv)");
    }
}
