package dev.pixflow.core.domain;

import java.time.Duration;

/** The queue as an operator or autoscaler sees it. */
public record QueueStats(long queued, long inFlight, long dead, Duration oldestQueuedAge) {
    public long depth() {
        return queued + inFlight;
    }
}
