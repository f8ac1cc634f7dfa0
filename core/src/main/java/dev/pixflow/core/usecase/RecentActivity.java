package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.EventLog;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Uploads and renditions made per minute over the last minutes, and their mean render time, from the
 * event log: what the whole service did, whichever process is asked and however many there are (a
 * process's own metrics count only its own work, and a cluster's upload and worker roles are different
 * processes).
 */
public final class RecentActivity {
    public static final int MAX_MINUTES = 60;

    private final EventLog events;
    private final Clock clock;
    private final int maxEvents;

    /**
     * One minute: {@code meanRenderMillis} empty when nothing was rendered in it; {@code complete} false
     * when it was not wholly read (the cap on events read was reached first), its counts then partial.
     */
    public record Minute(Instant at, long uploads, long renditions, OptionalDouble meanRenderMillis, boolean complete) {
    }

    /**
     * Oldest first, the current minute (so far) last; {@code truncated} when the window held more
     * events than are read. Minutes are read newest first, so a busy window loses its oldest minutes,
     * never the last ones.
     */
    public record Report(List<Minute> minutes, boolean truncated) {
        public Report {
            minutes = List.copyOf(minutes);
        }
    }

    /** @param maxEvents the most events read for one answer; past it the answer says it is truncated */
    public RecentActivity(EventLog events, Clock clock, int maxEvents) {
        this.events = events;
        this.clock = clock;
        this.maxEvents = maxEvents;
    }

    public Report lastMinutes(int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidInputException("minutes", "must be in 1.." + MAX_MINUTES);
        }
        Instant now = clock.instant();
        Instant start = now.truncatedTo(ChronoUnit.MINUTES).minus(minutes - 1L, ChronoUnit.MINUTES);
        Minute[] out = new Minute[minutes];
        int read = 0;
        for (int i = minutes - 1; i >= 0; i--) {
            Instant from = start.plus(i, ChronoUnit.MINUTES);
            Instant to = i == minutes - 1 ? now : from.plus(1, ChronoUnit.MINUTES);
            Tally tally = new Tally();
            EventWindow.Read counted = EventWindow.each(events, from, to, maxEvents - read, tally::add);
            read += counted.events();
            out[i] = new Minute(from, tally.uploads, tally.renditions, tally.meanRenderMillis(), counted.whole());
        }
        return new Report(List.of(out), Arrays.stream(out).anyMatch(m -> !m.complete()));
    }

    /** One minute's events as they are read; the mean render time is of the renditions that carry one. */
    private static final class Tally {
        long uploads;
        long renditions;
        long rendered;
        long renderMillis;

        void add(ImageEvent e) {
            if (e.type() == EventType.IMAGE_STORED) {
                uploads++;
            } else if (e.type() == EventType.RENDITION_READY) {
                renditions++;
                e.renderTime().ifPresent(took -> {
                    rendered++;
                    renderMillis += took.toMillis();
                });
            }
        }

        OptionalDouble meanRenderMillis() {
            return rendered == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) renderMillis / rendered);
        }
    }
}
