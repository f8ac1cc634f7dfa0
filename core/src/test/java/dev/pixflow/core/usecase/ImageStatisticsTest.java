package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The statistics' own arithmetic: one entry per day of the window, nearest-rank render percentiles
 * overall and per variant from the window's rendition.ready events only, and a cap on the events read
 * that the answer admits to.
 */
class ImageStatisticsTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
    private static final ImageId IMAGE = new ImageId("0190a000-0000-7000-8000-000000000001");

    private final List<LoggedEvent> log = new ArrayList<>();
    private Instant askedFrom;
    private Instant askedTo;
    private Instant askedAt;

    private final EventLog events = new EventLog() {
        @Override
        public void append(ImageEvent event) {
            log.add(new LoggedEvent(log.size() + 1L, event));
        }

        @Override
        public List<LoggedEvent> after(long sequence, int limit) {
            return log.stream().filter(e -> e.sequence() > sequence).limit(limit).toList();
        }

        @Override
        public List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
            return log.stream().filter(e -> e.sequence() > sequence)
                    .filter(e -> !e.event().occurredAt().isBefore(from) && e.event().occurredAt().isBefore(to))
                    .limit(limit).toList();
        }

        public void onAppended(Runnable listener) {
        }

        @Override
        public int prune(Instant before, long passed, int limit) {
            throw new UnsupportedOperationException();
        }
    };

    private final CatalogueStatistics catalogue = (from, to, topTags, at) -> {
        askedAt = at;
        askedFrom = from;
        askedTo = to;
        return new CatalogueStatistics.Summary(
                List.of(new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-09"), 3, 300)),
                List.of(new CatalogueStatistics.FormatShare(ImageFormat.JPEG, 3, 300)),
                List.of(new TagCount("sea", 2)).subList(0, Math.min(1, topTags)), 10, 1000);
    };

    private ImageStatistics statistics(int maxEvents) {
        return new ImageStatistics(catalogue, events, Clock.fixed(NOW, ZoneOffset.UTC), maxEvents, 10);
    }

    private void rendered(String variant, long millis, Instant at) {
        Rendition r = new Rendition(variant, BlobKey.rendition(IMAGE, variant, "abc", ImageFormat.WEBP), ImageFormat.WEBP,
                10, 10, 100, "00".repeat(32), at);
        events.append(ImageEvent.renditionReady(IMAGE, "ana", r, Duration.ofMillis(millis), at));
    }

    @Test
    void theWindowHasEveryDayOldestFirstWithZerosWhereNothingWasUploaded() {
        ImageStatistics.Report report = statistics(1000).report(3);
        assertThat(report.from()).isEqualTo(LocalDate.parse("2026-05-08"));
        assertThat(report.to()).isEqualTo(LocalDate.parse("2026-05-10"));
        assertThat(askedFrom).isEqualTo(Instant.parse("2026-05-08T00:00:00Z"));
        assertThat(askedTo).isEqualTo(Instant.parse("2026-05-11T00:00:00Z"));
        assertThat(askedAt).as("what has expired is weighed now, not at the window's end").isEqualTo(NOW);
        assertThat(report.uploadsPerDay()).containsExactly(
                new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-08"), 0, 0),
                new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-09"), 3, 300),
                new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-10"), 0, 0));
        assertThat(report.totalImages()).isEqualTo(10);
        assertThat(report.renderTime().all().count()).isZero();
    }

    @Test
    void renderPercentilesAreNearestRankOverallAndPerVariant() {
        Instant inWindow = Instant.parse("2026-05-10T08:00:00Z");
        for (int ms = 1; ms <= 100; ms++) {
            rendered("thumb", ms, inWindow);
        }
        rendered("large", 500, inWindow);
        rendered("large", 700, inWindow);
        rendered("large", 9_999, Instant.parse("2026-05-01T00:00:00Z"));  // before the window
        events.append(ImageEvent.jobDead(IMAGE, "ana", Optional.of("large"), "boom", inWindow));

        ImageStatistics.RenderTimes t = statistics(1000).report(7).renderTime();
        assertThat(t.variants().get("thumb")).isEqualTo(new ImageStatistics.Percentiles(100, 50, 90, 99, 100));
        assertThat(t.variants().get("large")).isEqualTo(new ImageStatistics.Percentiles(2, 500, 700, 700, 700));
        assertThat(t.all()).isEqualTo(new ImageStatistics.Percentiles(102, 51, 92, 500, 700));
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void theEventsReadAreCappedAndTheAnswerSaysSo() {
        Instant inWindow = Instant.parse("2026-05-10T08:00:00Z");
        for (int i = 0; i < 2500; i++) {
            rendered("thumb", 10, inWindow);
        }
        assertThat(statistics(2500).report(1).renderTime().truncated()).isFalse();
        ImageStatistics.RenderTimes capped = statistics(1200).report(1).renderTime();
        assertThat(capped.truncated()).isTrue();
        assertThat(capped.all().count()).isEqualTo(1200);
    }

    @Test
    void daysOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> statistics(10).report(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> statistics(10).report(ImageStatistics.MAX_DAYS + 1)).isInstanceOf(InvalidInputException.class);
    }
}
