package dev.pixflow.adapter.dynamodb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-process hints after writes that left jobs for the relay or appended events, so waiting loops need not poll. */
final class Signals {
    private final List<Runnable> jobs = new CopyOnWriteArrayList<>();
    private final List<Runnable> events = new CopyOnWriteArrayList<>();

    void onJobs(Runnable listener) {
        jobs.add(listener);
    }

    void onEvents(Runnable listener) {
        events.add(listener);
    }

    void jobsWritten() {
        jobs.forEach(Runnable::run);
    }

    void eventsAppended() {
        events.forEach(Runnable::run);
    }
}
