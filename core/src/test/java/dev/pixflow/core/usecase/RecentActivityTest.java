package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.testing.InMemoryEventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-minute counts from the event log: every minute of the window, the current one last, and a cap it admits to. */
class RecentActivityTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:03:30Z");
    private static final ImageId IMAGE = new ImageId("0190a000-0000-7000-8000-000000000001");

    private final InMemoryEventLog events = new InMemoryEventLog();

    private RecentActivity activity(int maxEvents) {
        return new RecentActivity(events, Clock.fixed(NOW, ZoneOffset.UTC), maxEvents);
    }

    private void stored(Instant at) {
        events.append(new ImageEvent(UUID.randomUUID(), EventType.IMAGE_STORED, at, IMAGE, "ana", Optional.empty(),
                Optional.of(ImageFormat.JPEG), 100, 10, 10, Optional.empty(), Optional.empty()));
    }

    private void rendered(long millis, Instant at) {
        Rendition r = new Rendition("thumb", BlobKey.rendition(IMAGE, "thumb", "abc", ImageFormat.WEBP), ImageFormat.WEBP,
                10, 10, 100, "00".repeat(32), at);
        events.append(ImageEvent.renditionReady(IMAGE, "ana", r, Duration.ofMillis(millis), at));
    }

    @Test
    void eachMinuteCountsItsUploadsAndRenditionsAndTheirMeanRenderTime() {
        stored(Instant.parse("2026-05-10T11:59:59Z"));          // before the window of 3 minutes
        stored(Instant.parse("2026-05-10T12:01:00Z"));
        stored(Instant.parse("2026-05-10T12:01:59.999Z"));
        rendered(10, Instant.parse("2026-05-10T12:01:30Z"));
        rendered(30, Instant.parse("2026-05-10T12:01:31Z"));
        rendered(50, Instant.parse("2026-05-10T12:03:29Z"));     // the current minute, so far
        events.append(ImageEvent.jobDead(IMAGE, "ana", Optional.empty(), "boom", Instant.parse("2026-05-10T12:02:00Z")));

        RecentActivity.Report report = activity(1000).lastMinutes(3);

        assertThat(report.minutes()).containsExactly(
                new RecentActivity.Minute(Instant.parse("2026-05-10T12:01:00Z"), 2, 2, OptionalDouble.of(20), true),
                new RecentActivity.Minute(Instant.parse("2026-05-10T12:02:00Z"), 0, 0, OptionalDouble.empty(), true),
                new RecentActivity.Minute(Instant.parse("2026-05-10T12:03:00Z"), 0, 1, OptionalDouble.of(50), true));
        assertThat(report.truncated()).isFalse();
    }

    @Test
    void theCapOnEventsReadCostsTheOldestMinutesNeverTheLastAndTheAnswerSaysSo() {
        for (int i = 0; i < 1500; i++) {
            rendered(10, Instant.parse("2026-05-10T12:01:10Z"));
        }
        for (int i = 0; i < 700; i++) {
            rendered(10, Instant.parse("2026-05-10T12:03:10Z"));
        }
        assertThat(activity(2200).lastMinutes(3).truncated()).isFalse();

        RecentActivity.Report capped = activity(1200).lastMinutes(3);
        assertThat(capped.truncated()).isTrue();
        assertThat(capped.minutes().get(2).renditions()).as("the current minute, whole").isEqualTo(700);
        assertThat(capped.minutes().get(2).complete()).isTrue();
        assertThat(capped.minutes().get(1).complete()).isTrue();
        assertThat(capped.minutes().get(0).complete()).isFalse();
        assertThat(capped.minutes().get(0).renditions()).isEqualTo(500);
    }

    @Test
    void theMeanIsOfTheRenditionsThatCarryARenderTime() {
        rendered(40, Instant.parse("2026-05-10T12:03:00Z"));
        events.append(new ImageEvent(UUID.randomUUID(), EventType.RENDITION_READY, Instant.parse("2026-05-10T12:03:01Z"),
                IMAGE, "ana", Optional.of("thumb"), Optional.of(ImageFormat.WEBP), 10, 1, 1, Optional.empty(), Optional.empty()));

        RecentActivity.Minute now = activity(100).lastMinutes(1).minutes().getFirst();
        assertThat(now.renditions()).isEqualTo(2);
        assertThat(now.meanRenderMillis()).hasValue(40);
    }

    @Test
    void minutesOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> activity(10).lastMinutes(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> activity(10).lastMinutes(RecentActivity.MAX_MINUTES + 1)).isInstanceOf(InvalidInputException.class);
    }
}
