package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayEventsTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final MemoryLog log = new MemoryLog();
    private final MemoryCursors cursors = new MemoryCursors();
    private final List<LoggedEvent> published = new ArrayList<>();

    private RelayEvents relay(String holder, int batch) {
        return new RelayEvents(log, cursors, published::addAll, "kafka", holder, batch, Duration.ofSeconds(30), clock);
    }

    @Test
    void publishesEveryEventOnceInTheLogsOrderBatchByBatch() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.append(event(i));
        }
        RelayEvents relay = relay("a", 2);
        assertThat(relay.relayOnce()).isEqualTo(2);
        assertThat(relay.relayOnce()).isEqualTo(2);
        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(relay.relayOnce()).isZero();

        assertThat(published).extracting(LoggedEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(cursors.sequence.get("kafka")).isEqualTo(5);
    }

    @Test
    void aFailedPublishLeavesTheCursorSoTheBatchIsPublishedAgain() throws Exception {
        log.append(event(0));
        log.append(event(1));
        RelayEvents failing = new RelayEvents(log, cursors, events -> {
            throw new IllegalStateException("broker down");
        }, "kafka", "a", 10, Duration.ofSeconds(30), clock);
        assertThatThrownBy(failing::relayOnce).hasMessage("broker down");
        assertThat(cursors.sequence.get("kafka")).isZero();

        assertThat(relay("a", 10).relayOnce()).isEqualTo(2);
        assertThat(published).extracting(LoggedEvent::sequence).containsExactly(1L, 2L);
    }

    @Test
    void onlyTheHolderOfTheCursorPublishes() throws Exception {
        log.append(event(0));
        assertThat(relay("a", 10).relayOnce()).isEqualTo(1);
        log.append(event(1));
        assertThat(relay("b", 10).relayOnce()).as("a's lease runs").isZero();
        relay("a", 10).release();
        assertThat(relay("b", 10).relayOnce()).isEqualTo(1);
        assertThat(published).extracting(LoggedEvent::sequence).containsExactly(1L, 2L);
    }

    private static ImageEvent event(int n) {
        return new ImageEvent(UUID.randomUUID(), EventType.IMAGE_STORED, T0.plusSeconds(n),
                IngestRecord.idFor("r" + n, T0), "ana", Optional.empty(), Optional.empty(), 10, 1, 1, Optional.empty(),
                Optional.empty());
    }

    private static final class MemoryLog implements EventLog {
        private final List<LoggedEvent> events = new ArrayList<>();

        @Override
        public void append(ImageEvent event) {
            events.add(new LoggedEvent(events.size() + 1, event));
        }

        @Override
        public List<LoggedEvent> after(long sequence, int limit) {
            return events.stream().filter(e -> e.sequence() > sequence).limit(limit).toList();
        }

        @Override
        public List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit) {
            throw new UnsupportedOperationException();
        }

        // No @Override: the port gains this hint in a change of its own.
        public void onAppended(Runnable listener) {
        }

        @Override
        public int prune(Instant before, long passed, int limit) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class MemoryCursors implements EventCursors {
        final Map<String, Long> sequence = new HashMap<>();
        final Map<String, String> holder = new HashMap<>();
        final Map<String, Instant> until = new HashMap<>();

        @Override
        public OptionalLong claim(String name, String who, Instant now, Instant leaseUntil) {
            sequence.putIfAbsent(name, 0L);
            String current = holder.get(name);
            if (current != null && !current.equals(who) && !until.get(name).isBefore(now)) {
                return OptionalLong.empty();
            }
            holder.put(name, who);
            until.put(name, leaseUntil);
            return OptionalLong.of(sequence.get(name));
        }

        @Override
        public boolean advance(String name, String who, long to, Instant leaseUntil) {
            if (!who.equals(holder.get(name))) {
                return false;
            }
            sequence.put(name, to);
            until.put(name, leaseUntil);
            return true;
        }

        @Override
        public void release(String name, String who) {
            if (who.equals(holder.get(name))) {
                holder.remove(name);
            }
        }

        @Override
        public Map<String, Long> positions() {
            return Map.copyOf(sequence);
        }
    }
}
