package dev.pixflow.core.port;

import java.time.Duration;

/** What the use cases report for metrics; the app backs it with Micrometer. */
public interface Telemetry {
    void uploadAccepted(long bytes);

    void uploadRejected(String reason);

    void jobQueued();

    void jobSucceeded();

    void jobFailed(boolean dead);

    void rendered(String variant, Duration took);

    /** An upload answered with the owner's image that already had the same bytes. */
    default void uploadDuplicate() {
    }

    /** Images the lifecycle sweeper removed because they expired. */
    default void imagesExpired(int count) {
    }

    /** Orphans the orphan sweep deleted: {@code original} (bytes no record holds) or {@code renditions} (of an image gone). */
    default void orphansDeleted(String kind, int count) {
    }

    /** An alt text job ended: {@code written}, {@code kept} (there was one), {@code failed}. */
    default void altText(String outcome) {
    }

    /** One attempt to deliver a webhook: {@code delivered}, {@code retried} (to be tried again) or {@code failed} (given up). */
    default void webhookDelivery(String outcome) {
    }

    Telemetry NONE = new Telemetry() {
        @Override public void uploadAccepted(long bytes) { }
        @Override public void uploadRejected(String reason) { }
        @Override public void jobQueued() { }
        @Override public void jobSucceeded() { }
        @Override public void jobFailed(boolean dead) { }
        @Override public void rendered(String variant, Duration took) { }
    };
}
