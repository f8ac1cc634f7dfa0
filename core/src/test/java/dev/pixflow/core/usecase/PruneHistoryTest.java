package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;
import dev.pixflow.core.domain.WebhookSecret;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.WebhookStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which readers hold events back, and the batches: every stream cursor does, the webhook fan-out only
 * while a hook old enough to want the events exists; each table is pruned until a batch comes back short.
 */
class PruneHistoryTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final HistoryRetention RETENTION = new HistoryRetention(Duration.ofDays(30), Duration.ofDays(7),
            Duration.ofDays(14));

    private final Log log = new Log();
    private final Hooks hooks = new Hooks();
    private final Map<String, Long> cursors = new HashMap<>();
    private final Deque<Integer> marksBatches = new ArrayDeque<>();
    private final List<Instant> marksCutoffs = new ArrayList<>();

    private PruneHistory prune(int batch) {
        return new PruneHistory(log, hooks, cursorsPort(), marksPort(), Clock.fixed(NOW, ZoneOffset.UTC), RETENTION, batch);
    }

    @Test
    void theFanOutHoldsEventsBackOnlyWhileAHookOldEnoughToWantThemExists() {
        hooks.fannedOut = 40;
        prune(10).prune();
        assertThat(log.passed).as("no hook: nothing is held").containsExactly(Long.MAX_VALUE);

        hooks.hooks.add(hook(NOW.minus(Duration.ofDays(1))));
        prune(10).prune();
        assertThat(log.passed.getLast()).as("a hook newer than the cutoff wants none of these events").isEqualTo(Long.MAX_VALUE);

        hooks.hooks.add(hook(NOW.minus(Duration.ofDays(31))));
        prune(10).prune();
        assertThat(log.passed.getLast()).isEqualTo(40);
        assertThat(log.before.getLast()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void theSlowestStreamCursorHoldsEventsBack() {
        hooks.hooks.add(hook(NOW.minus(Duration.ofDays(90))));
        hooks.fannedOut = 40;
        cursors.put("stream:kafka", 25L);
        cursors.put("stream:sqs", 31L);

        prune(10).prune();

        assertThat(log.passed).containsExactly(25L);
    }

    @Test
    void eachTableIsPrunedABatchAtATimeUntilOneComesBackShort() {
        log.batches.addAll(List.of(10, 10, 3));
        hooks.deliveryBatches.addAll(List.of(10, 0));
        marksBatches.addAll(List.of(7));

        PruneHistory.Pruned pruned = prune(10).prune();

        assertThat(pruned).isEqualTo(new PruneHistory.Pruned(23, 10, 7));
        assertThat(log.passed).hasSize(3);
        assertThat(hooks.deliveryCutoffs).containsOnly(NOW.minus(Duration.ofDays(7)));
        assertThat(marksCutoffs).containsExactly(NOW.minus(Duration.ofDays(14)));
    }

    @Test
    void eventsAreKeptAtLeastTwoDays() {
        assertThatThrownBy(() -> new HistoryRetention(Duration.ofHours(47), Duration.ofDays(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 days");
        assertThat(new HistoryRetention(Duration.ofDays(2), Duration.ofHours(1), Duration.ofHours(1)).events())
                .isEqualTo(Duration.ofDays(2));
    }

    private static Webhook hook(Instant createdAt) {
        return new Webhook("wh_" + createdAt.getEpochSecond(), URI.create("https://receiver.example/hook"),
                WebhookSecret.generate(), Set.of(), Optional.empty(), createdAt);
    }

    private EventCursors cursorsPort() {
        return new EventCursors() {
            @Override
            public OptionalLong claim(String name, String holder, Instant now, Instant leaseUntil) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean advance(String name, String holder, long sequence, Instant leaseUntil) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void release(String name, String holder) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, Long> positions() {
                return Map.copyOf(cursors);
            }
        };
    }

    private IngestedRecords marksPort() {
        return new IngestedRecords() {
            @Override
            public Optional<ImageId> find(String record) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void remember(String record, ImageId image, Instant at) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int prune(Instant before, int limit) {
                marksCutoffs.add(before);
                return marksBatches.isEmpty() ? 0 : marksBatches.poll();
            }
        };
    }

    /** Records what it was asked to prune; an empty log otherwise. */
    private static final class Log implements EventLog {
        final List<Long> passed = new ArrayList<>();
        final List<Instant> before = new ArrayList<>();
        final Deque<Integer> batches = new ArrayDeque<>();

        @Override
        public void append(ImageEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LoggedEvent> after(long sequence, int limit) {
            return List.of();
        }

        @Override
        public List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int prune(Instant cutoff, long passedBy, int limit) {
            passed.add(passedBy);
            before.add(cutoff);
            return batches.isEmpty() ? 0 : batches.poll();
        }

        @Override
        public void onAppended(Runnable listener) {
        }
    }

    private static final class Hooks implements WebhookStore {
        final List<Webhook> hooks = new ArrayList<>();
        final Deque<Integer> deliveryBatches = new ArrayDeque<>();
        final List<Instant> deliveryCutoffs = new ArrayList<>();
        long fannedOut;

        @Override
        public List<Webhook> hooks() {
            return List.copyOf(hooks);
        }

        @Override
        public long fannedOut() {
            return fannedOut;
        }

        @Override
        public int pruneDeliveries(Instant before, int limit) {
            deliveryCutoffs.add(before);
            return deliveryBatches.isEmpty() ? 0 : deliveryBatches.poll();
        }

        @Override
        public void create(Webhook hook) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Webhook> find(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean fanOut(long from, long to, List<Fanned> deliveries, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DueDelivery> claim(Instant now, Duration lease, int limit, int perHook, Map<String, Integer> inFlight) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delivered(DueDelivery delivery, int status, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean retry(DueDelivery delivery, OptionalInt status, String error, Instant next) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean failed(DueDelivery delivery, OptionalInt status, String error, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<WebhookDelivery> deliveries(String webhookId, int limit) {
            throw new UnsupportedOperationException();
        }
    }
}
