package dev.pixflow.contract;

import dev.pixflow.core.port.EventCursors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link EventCursors} promises. A subclass per adapter supplies an empty store. */
public abstract class EventCursorsContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNewCursorStartsAtZeroAndMovesOnlyForItsHolder() {
        assertThat(stores.eventCursors().claim("kafka", "a", T0, T0.plusSeconds(30))).isEqualTo(OptionalLong.of(0));
        assertThat(stores.eventCursors().advance("kafka", "a", 12, T0.plusSeconds(31))).isTrue();
        assertThat(stores.eventCursors().advance("kafka", "b", 99, T0.plusSeconds(31))).as("not the holder").isFalse();

        assertThat(stores.eventCursors().claim("kafka", "a", T0.plusSeconds(1), T0.plusSeconds(40))).isEqualTo(OptionalLong.of(12));
        assertThat(stores.eventCursors().claim("sqs", "a", T0, T0.plusSeconds(30))).as("cursors are independent")
                .isEqualTo(OptionalLong.of(0));
    }

    @Test
    void anotherHolderWaitsForTheLeaseToRunOutThenGoesOnFromTheCursor() {
        stores.eventCursors().claim("kafka", "a", T0, T0.plusSeconds(30));
        stores.eventCursors().advance("kafka", "a", 5, T0.plusSeconds(30));

        assertThat(stores.eventCursors().claim("kafka", "b", T0.plusSeconds(10), T0.plusSeconds(40))).isEmpty();
        assertThat(stores.eventCursors().claim("kafka", "b", T0.plusSeconds(31), T0.plusSeconds(61))).isEqualTo(OptionalLong.of(5));
        assertThat(stores.eventCursors().advance("kafka", "a", 9, T0.plusSeconds(62))).as("a lost its lease").isFalse();
        assertThat(stores.eventCursors().claim("kafka", "a", T0.plusSeconds(32), T0.plusSeconds(62))).isEmpty();
    }

    @Test
    void everyCursorsPositionIsListedHeldOrNot() {
        assertThat(stores.eventCursors().positions()).isEmpty();
        stores.eventCursors().claim("kafka", "a", T0, T0.plusSeconds(30));
        stores.eventCursors().advance("kafka", "a", 12, T0.plusSeconds(30));
        stores.eventCursors().release("kafka", "a");
        stores.eventCursors().claim("sqs", "b", T0, T0.plusSeconds(30));

        assertThat(stores.otherProcess().eventCursors().positions()).isEqualTo(Map.of("kafka", 12L, "sqs", 0L));
    }

    @Test
    void aReleasedCursorIsTakenAtOnce() {
        stores.eventCursors().claim("kafka", "a", T0, T0.plusSeconds(30));
        stores.eventCursors().advance("kafka", "a", 3, T0.plusSeconds(30));
        stores.eventCursors().release("kafka", "a");

        assertThat(stores.eventCursors().claim("kafka", "b", T0.plusSeconds(1), T0.plusSeconds(31))).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void ofProcessesRacingForAFreeCursorExactlyOneTakesIt() throws Exception {
        EventCursors[] processes = {stores.eventCursors(), stores.otherProcess().eventCursors()};
        for (int round = 0; round < 10; round++) {
            Instant now = T0.plusSeconds(round * 100L);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<OptionalLong>> claims = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                for (int i = 0; i < 6; i++) {
                    EventCursors store = processes[i % 2];
                    String holder = "p" + i;
                    claims.add(pool.submit(() -> {
                        start.await();
                        return store.claim("kafka", holder, now, now.plusSeconds(30));
                    }));
                }
                start.countDown();
                int taken = 0;
                for (Future<OptionalLong> claim : claims) {
                    taken += claim.get().isPresent() ? 1 : 0;
                }
                assertThat(taken).as("round %d", round).isEqualTo(1);
            }
            // Nobody renews: the next round starts after the lease ran out.
        }
    }
}
