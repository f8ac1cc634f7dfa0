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

    @Override
    public synchronized void append(ImageEvent event) {
        events.add(new LoggedEvent(events.size() + 1L, event));
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

    @Override
    public int prune(Instant before, long passed, int limit) {
        throw new UnsupportedOperationException("the export's tests read the log; nothing prunes it");
    }

    /** No other process appends here; nothing to be told. */
    public void onAppended(Runnable listener) {
    }
}
