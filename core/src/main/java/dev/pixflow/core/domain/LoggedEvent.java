package dev.pixflow.core.domain;

/** An event with its place in the log: sequences grow in the order events were committed. */
public record LoggedEvent(long sequence, ImageEvent event) {
}
