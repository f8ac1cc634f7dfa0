package dev.pixflow.core.testing;

import dev.pixflow.core.port.Telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Telemetry that keeps every call as {@code name} or {@code name:detail} (the reason, variant, outcome,
 * kind), so a test can tell that a refusal was counted as one, and as which.
 */
public final class RecordingTelemetry implements Telemetry {
    private final List<String> calls = new ArrayList<>();

    @Override
    public void uploadAccepted(long bytes) {
        record("uploadAccepted", null);
    }

    @Override
    public void uploadRejected(String reason) {
        record("uploadRejected", reason);
    }

    @Override
    public void jobQueued() {
        record("jobQueued", null);
    }

    @Override
    public void jobSucceeded() {
        record("jobSucceeded", null);
    }

    @Override
    public void jobFailed(boolean dead) {
        record("jobFailed", dead ? "dead" : "retry");
    }

    @Override
    public void rendered(String variant, Duration took) {
        record("rendered", variant);
    }

    @Override
    public void uploadDuplicate() {
        record("uploadDuplicate", null);
    }

    @Override
    public void imagesExpired(int count) {
        record("imagesExpired", Integer.toString(count));
    }

    @Override
    public void orphansDeleted(String kind, int count) {
        record("orphansDeleted", kind + "=" + count);
    }

    @Override
    public void altText(String outcome) {
        record("altText", outcome);
    }

    @Override
    public void webhookDelivery(String outcome) {
        record("webhookDelivery", outcome);
    }

    /** How many times {@code name} was called, whatever its detail. */
    public synchronized int count(String name) {
        return details(name).size();
    }

    /** The details of the calls of {@code name}, in order (empty strings for calls without one). */
    public synchronized List<String> details(String name) {
        return calls.stream().filter(c -> c.equals(name) || c.startsWith(name + ":"))
                .map(c -> c.length() == name.length() ? "" : c.substring(name.length() + 1)).toList();
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String name, String detail) {
        calls.add(detail == null ? name : name + ":" + detail);
    }
}
