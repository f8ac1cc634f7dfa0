package dev.pixflow.core.testing;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event log as a list: sequences from 1 in the order of appending. The catalogue fake appends to
 * it where the real stores do so in their own transactions. Pruning knows no webhooks, so it deletes
 * whatever is old enough and passed.
 */
public final class InMemoryEventLog implements EventLog {
    private final List<LoggedEvent> events = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long sequence;

    @Override
    public void append(ImageEvent event) {
        synchronized (this) {
            events.add(new LoggedEvent(++sequence, event));
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized List<LoggedEvent> after(long after, int limit) {
        return events.stream().filter(e -> e.sequence() > after).limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedEvent> between(Instant from, Instant to, long after, int limit) {
        return events.stream().filter(e -> e.sequence() > after)
                .filter(e -> !e.event().occurredAt().isBefore(from) && e.event().occurredAt().isBefore(to))
                .limit(limit).toList();
    }

    @Override
    public synchronized int prune(Instant before, long passed, int limit) {
        List<LoggedEvent> gone = events.stream()
                .filter(e -> e.event().occurredAt().isBefore(before) && e.sequence() <= passed)
                .limit(limit).toList();
        events.removeAll(gone);
        return gone.size();
    }

    @Override
    public void onAppended(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized List<ImageEvent> events() {
        return events.stream().map(LoggedEvent::event).toList();
    }

    public synchronized List<EventType> types() {
        return events.stream().map(e -> e.event().type()).toList();
    }

    public synchronized List<ImageEvent> ofType(EventType type) {
        return new ArrayList<>(events.stream().map(LoggedEvent::event).filter(e -> e.type() == type).toList());
    }
}
