package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventLog;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin statistics over the last days: uploads and bytes per day, formats, top tags (aggregated by
 * the catalogue's database) and render time percentiles, from the {@code rendition.ready} events of the
 * window. Those are read through the event log, at most {@code maxRenderEvents} of them (the earliest):
 * beyond that the percentiles describe a sample and say so ({@code truncated}).
 */
public final class ImageStatistics {
    public static final int MAX_DAYS = 366;

    private final CatalogueStatistics catalogue;
    private final EventLog events;
    private final Clock clock;
    private final int maxRenderEvents;
    private final int topTags;

    /** Render times in milliseconds: how many, and the nearest-rank percentiles. */
    public record Percentiles(long count, long p50, long p90, long p99, long max) {
        static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

        static Percentiles of(long[] millis, int n) {
            if (n == 0) {
                return NONE;
            }
            long[] sorted = Arrays.copyOf(millis, n);
            Arrays.sort(sorted);
            return new Percentiles(n, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[n - 1]);
        }

        private static long rank(long[] sorted, int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }
    }

    /** Over every rendition, and per variant (named renditions included), by name. */
    public record RenderTimes(Percentiles all, Map<String, Percentiles> variants, boolean truncated) {
        public RenderTimes {
            variants = java.util.Collections.unmodifiableMap(new TreeMap<>(variants));
        }
    }

    /**
     * {@code uploadsPerDay} has one entry per day of the window, oldest first, zero where nothing was
     * uploaded; the totals are the whole catalogue's.
     */
    public record Report(LocalDate from, LocalDate to, List<CatalogueStatistics.DayUploads> uploadsPerDay,
                         List<CatalogueStatistics.FormatShare> formats, RenderTimes renderTime, List<TagCount> topTags,
                         long totalImages, long totalBytes) {
    }

    public ImageStatistics(CatalogueStatistics catalogue, EventLog events, Clock clock, int maxRenderEvents, int topTags) {
        this.catalogue = catalogue;
        this.events = events;
        this.clock = clock;
        this.maxRenderEvents = maxRenderEvents;
        this.topTags = topTags;
    }

    /** The last {@code days} UTC days, today included. */
    public Report report(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException("days", "must be in 1.." + MAX_DAYS);
        }
        Instant now = clock.instant();
        LocalDate to = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate from = to.minusDays(days - 1L);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        CatalogueStatistics.Summary summary = catalogue.summarize(start, end, topTags, now);
        Map<LocalDate, CatalogueStatistics.DayUploads> byDay = new HashMap<>();
        summary.perDay().forEach(d -> byDay.put(d.day(), d));
        List<CatalogueStatistics.DayUploads> perDay = new ArrayList<>(days);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            perDay.add(byDay.getOrDefault(day, new CatalogueStatistics.DayUploads(day, 0, 0)));
        }
        return new Report(from, to, perDay, summary.formats(), renderTimes(start, end), summary.topTags(),
                summary.totalImages(), summary.totalBytes());
    }

    private RenderTimes renderTimes(Instant start, Instant end) {
        Samples all = new Samples();
        Map<String, Samples> perVariant = new HashMap<>();
        EventWindow.Read read = EventWindow.each(events, start, end, maxRenderEvents, e -> {
            if (e.type() == EventType.RENDITION_READY && e.renderTime().isPresent()) {
                long ms = e.renderTime().get().toMillis();
                all.add(ms);
                perVariant.computeIfAbsent(e.variant().orElse(""), x -> new Samples()).add(ms);
            }
        });
        Map<String, Percentiles> variants = new HashMap<>();
        perVariant.forEach((name, v) -> variants.put(name, v.percentiles()));
        return new RenderTimes(all.percentiles(), variants, !read.whole());
    }

    /** Render times in milliseconds, as they are read. */
    private static final class Samples {
        private long[] values = new long[64];
        private int n;

        void add(long ms) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = ms;
        }

        Percentiles percentiles() {
            return Percentiles.of(values, n);
        }
    }
}
