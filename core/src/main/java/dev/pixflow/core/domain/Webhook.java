package dev.pixflow.core.domain;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A receiver of events over HTTP. {@code events} empty means every type. It is told only of events that
 * occurred from its creation on: a new hook does not get the log's history.
 */
public record Webhook(String id, URI url, WebhookSecret secret, Set<EventType> events, Optional<String> description,
                      Instant createdAt) {

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        events = Set.copyOf(events);
        description = description == null ? Optional.empty() : description;
    }

    public boolean wants(ImageEvent event) {
        return (events.isEmpty() || events.contains(event.type())) && !event.occurredAt().isBefore(createdAt);
    }
}
