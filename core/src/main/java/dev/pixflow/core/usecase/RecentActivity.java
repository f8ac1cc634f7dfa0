package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
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
    private static final int PAGE = 1000;

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
            Counted counted = count(from, to, maxEvents - read);
            read += counted.read();
            out[i] = new Minute(from, counted.uploads(), counted.renditions(),
                    counted.rendered() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) counted.renderMillis() / counted.rendered()),
                    counted.complete());
        }
        return new Report(List.of(out), Arrays.stream(out).anyMatch(m -> !m.complete()));
    }

    /** {@code rendered}: the renditions whose event carries its render time, which the mean is of. */
    private record Counted(long uploads, long renditions, long rendered, long renderMillis, int read, boolean complete) {
    }

    /** The events from {@code from} to {@code to}, reading at most {@code budget} of them. */
    private Counted count(Instant from, Instant to, int budget) {
        long uploads = 0;
        long renditions = 0;
        long rendered = 0;
        long renderMillis = 0;
        long after = 0;
        int read = 0;
        while (true) {
            int want = Math.min(PAGE, budget - read);
            if (want <= 0) {
                return new Counted(uploads, renditions, rendered, renderMillis, read, events.between(from, to, after, 1).isEmpty());
            }
            List<LoggedEvent> batch = events.between(from, to, after, want);
            for (LoggedEvent logged : batch) {
                ImageEvent e = logged.event();
                if (e.type() == EventType.IMAGE_STORED) {
                    uploads++;
                } else if (e.type() == EventType.RENDITION_READY) {
                    renditions++;
                    if (e.renderTime().isPresent()) {
                        rendered++;
                        renderMillis += e.renderTime().get().toMillis();
                    }
                }
                after = logged.sequence();
            }
            read += batch.size();
            if (batch.size() < want) {
                return new Counted(uploads, renditions, rendered, renderMillis, read, true);
            }
        }
    }
}
