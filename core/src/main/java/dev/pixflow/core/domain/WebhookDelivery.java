package dev.pixflow.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** One event's delivery to one hook, as its delivery log shows it. */
public record WebhookDelivery(long id, String webhookId, long eventSequence, UUID eventId, EventType eventType,
                              DeliveryState state, int attempts, OptionalInt lastStatus, Optional<String> lastError,
                              Optional<Instant> nextAttemptAt, Optional<Instant> deliveredAt, Instant createdAt) {
}
