package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.AnalyticsWriter;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.EventLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the image records and the event log, one file per table and UTC day, to the blob store under
 * {@code analytics/}: {@code images} holds the records created that day as they are at export time,
 * {@code events} what happened that day. A day's file has a name fixed by the day, so exporting a day
 * again replaces it (and removes the day's file in the other format): rows are never duplicated, and
 * images deleted since drop out. Each file is written to the store's spool directory a page of rows
 * at a time, then put whole, so readers never see half a file.
 */
public final class ExportAnalytics {
    public static final String IMAGES = "images";
    public static final String EVENTS = "events";
    /** Longest range one run exports: ten years of days. */
    public static final int MAX_DAYS = 3660;

    private final CatalogueExport catalogue;
    private final EventLog events;
    private final AnalyticsWriter writer;
    private final BlobStore blobs;
    private final Clock clock;
    private final int page;
    private final Duration eventsKept;

    /**
     * One file of the export: its table, day, key and how many rows it holds; or one {@code kept} as an
     * earlier export wrote it (rows unknown, -1).
     */
    public record DayFile(String table, LocalDate day, BlobKey key, long rows, boolean kept) {
        public DayFile(String table, LocalDate day, BlobKey key, long rows) {
            this(table, day, key, rows, false);
        }

        static DayFile kept(String table, LocalDate day, BlobKey key) {
            return new DayFile(table, day, key, -1, true);
        }
    }

    /**
     * @param eventsKept how long the event log keeps events (the retention its pruning is given): the events
     *                   file of a day that may have lost some since it was written is kept as it is
     */
    public ExportAnalytics(CatalogueExport catalogue, EventLog events, AnalyticsWriter writer, BlobStore blobs,
                           Clock clock, int page, Duration eventsKept) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be positive");
        }
        this.eventsKept = eventsKept;
        this.catalogue = catalogue;
        this.events = events;
        this.writer = writer;
        this.blobs = blobs;
        this.clock = clock;
        this.page = page;
    }

    /** Yesterday and today (UTC): what the scheduled export refreshes. */
    public List<DayFile> exportRecent(AnalyticsFormat format) throws IOException {
        LocalDate today = today();
        return export(today.minusDays(1), today, format);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The first day that began after the oldest event the log is sure to keep. */
    LocalDate firstDayKeptWhole() {
        Instant oldestKept = clock.instant().minus(eventsKept);
        LocalDate day = LocalDate.ofInstant(oldestKept, ZoneOffset.UTC);
        return startOf(day).equals(oldestKept) ? day : day.plusDays(1);
    }

    /** Every day from {@code from} to {@code to}, both included. */
    public List<DayFile> export(LocalDate from, LocalDate to, AnalyticsFormat format) throws IOException {
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", from + " is after " + to);
        }
        if (to.isAfter(today())) {
            // Its file would be written empty now and never again by the scheduled export's two days.
            throw new InvalidInputException("to", to + " is after today (" + today() + ", UTC): nothing has happened on it yet");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InvalidInputException("from", "at most " + MAX_DAYS + " days in one run");
        }
        LocalDate firstWhole = firstDayKeptWhole();
        List<DayFile> written = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            written.add(images(day, format));
            // A day the log may have pruned since its events file was written keeps that file: written again,
            // it would lose those events. One never written is written with what the log still holds.
            Optional<BlobKey> exported = day.isBefore(firstWhole) ? exportedEvents(day) : Optional.empty();
            written.add(exported.isPresent() ? DayFile.kept(EVENTS, day, exported.get()) : events(day, format));
        }
        return written;
    }

    private DayFile images(LocalDate day, AnalyticsFormat format) throws IOException {
        Instant start = startOf(day);
        Instant end = startOf(day.plusDays(1));
        Path file = spoolFile(format);
        try {
            long rows = 0;
            // An image past its expiry counts nowhere, the sweeper's pass or not: not in the file either.
            Instant now = clock.instant();
            try (AnalyticsWriter.Table<ExportedImage> table = writer.images(file, format)) {
                Optional<CatalogueExport.Position> after = Optional.empty();
                List<ExportedImage> batch;
                do {
                    batch = catalogue.createdBetween(start, end, after, page);
                    for (ExportedImage image : batch) {
                        if (image.expiresAt().filter(at -> !at.isAfter(now)).isEmpty()) {
                            table.add(image);
                            rows++;
                        }
                    }
                    if (!batch.isEmpty()) {
                        ExportedImage last = batch.getLast();
                        after = Optional.of(new CatalogueExport.Position(last.createdAt(), last.id()));
                    }
                } while (batch.size() == page);
                table.finish();
            }
            return publish(IMAGES, day, format, file, rows);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The day's events file as an earlier export left it, in whichever format. */
    private Optional<BlobKey> exportedEvents(LocalDate day) throws IOException {
        for (AnalyticsFormat f : AnalyticsFormat.values()) {
            BlobKey key = BlobKey.analytics(EVENTS, day, f.extension());
            if (blobs.find(key).isPresent()) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private DayFile events(LocalDate day, AnalyticsFormat format) throws IOException {
        Instant start = startOf(day);
        Instant end = startOf(day.plusDays(1));
        Path file = spoolFile(format);
        try {
            long rows = 0;
            try (AnalyticsWriter.Table<LoggedEvent> table = writer.events(file, format)) {
                long after = 0;
                List<LoggedEvent> batch;
                do {
                    batch = events.between(start, end, after, page);
                    for (LoggedEvent event : batch) {
                        table.add(event);
                    }
                    rows += batch.size();
                    if (!batch.isEmpty()) {
                        after = batch.getLast().sequence();
                    }
                } while (batch.size() == page);
                table.finish();
            }
            return publish(EVENTS, day, format, file, rows);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private DayFile publish(String table, LocalDate day, AnalyticsFormat format, Path file, long rows) throws IOException {
        BlobKey key = BlobKey.analytics(table, day, format.extension());
        blobs.put(key, file);
        // One file per day and table: a query over the table's prefix must not read the day twice.
        for (AnalyticsFormat other : AnalyticsFormat.values()) {
            if (other != format) {
                blobs.delete(BlobKey.analytics(table, day, other.extension()));
            }
        }
        return new DayFile(table, day, key, rows);
    }

    private Path spoolFile(AnalyticsFormat format) {
        // Only named here: the writer creates it, the store moves it in (a rename on a local disk).
        return blobs.spoolDirectory().resolve("analytics-" + UUID.randomUUID() + "." + format.extension());
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
