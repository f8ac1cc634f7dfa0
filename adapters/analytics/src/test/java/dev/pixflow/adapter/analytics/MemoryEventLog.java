package dev.pixflow.adapter.analytics;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The event log's contract in a list, for tests of its readers. */
final class MemoryEventLog implements EventLog {
    private final List<LoggedEvent> events = new ArrayList<>();
    /** Sequences go on from the last one, whatever was pruned. */
    private long last;

    @Override
    public synchronized void append(ImageEvent event) {
        events.add(new LoggedEvent(++last, event));
    }

    @Override
    public synchronized List<LoggedEvent> after(long sequence, int limit) {
        return events.stream().filter(e -> e.sequence() > sequence).limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
        return events.stream().filter(e -> e.sequence() > sequence)
                .filter(e -> !e.event().occurredAt().isBefore(from) && e.event().occurredAt().isBefore(to))
                .limit(limit).toList();
    }

    /** As the contract says, without the webhook deliveries, which no test of the export makes. */
    @Override
    public synchronized int prune(Instant before, long passed, int limit) {
        List<LoggedEvent> gone = events.stream().filter(e -> e.event().occurredAt().isBefore(before) && e.sequence() <= passed)
                .limit(limit).toList();
        events.removeAll(gone);
        return gone.size();
    }

    /** No other process appends here; nothing to be told. */
    public void onAppended(Runnable listener) {
    }
}
