package dev.pixflow.contract;

import dev.pixflow.core.port.SweepTurns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link SweepTurns} promises. A subclass per adapter supplies an empty store. */
public abstract class SweepTurnsContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    @Test
    void aNewSweepIsFirstDueOneIntervalAfterItIsFirstSeen() {
        SweepTurns turns = stores.sweepTurns();
        assertThat(turns.take("orphans", T0, HOUR)).as("first seen").isFalse();
        assertThat(turns.take("orphans", T0.plusSeconds(3599), HOUR)).isFalse();
        assertThat(turns.take("orphans", T0.plusSeconds(3600), HOUR)).isTrue();
    }

    @Test
    void aTurnIsTakenOnceAnIntervalWhoeverAsks() {
        SweepTurns one = stores.sweepTurns();
        SweepTurns other = stores.otherProcess().sweepTurns();
        one.take("orphans", T0, HOUR);

        assertThat(other.take("orphans", T0.plus(HOUR), HOUR)).isTrue();
        assertThat(one.take("orphans", T0.plus(HOUR).plusSeconds(1), HOUR)).as("taken by the other").isFalse();
        assertThat(other.take("orphans", T0.plus(HOUR).plusSeconds(1), HOUR)).as("by the taker too").isFalse();
        assertThat(one.take("orphans", T0.plus(HOUR.multipliedBy(2)), HOUR)).isTrue();
    }

    @Test
    void aTurnDueLongAgoIsTakenOnceAndThenDueOneIntervalFromThen() {
        SweepTurns turns = stores.sweepTurns();
        turns.take("orphans", T0, HOUR);
        Instant muchLater = T0.plus(Duration.ofDays(3));

        assertThat(turns.take("orphans", muchLater, HOUR)).as("no process ran it for days").isTrue();
        assertThat(turns.take("orphans", muchLater.plusSeconds(1), HOUR)).as("not once per missed interval").isFalse();
        assertThat(turns.take("orphans", muchLater.plus(HOUR), HOUR)).isTrue();
    }

    @Test
    void anIntervalChangedSinceCountsFromTheLastTurn() {
        SweepTurns turns = stores.sweepTurns();
        turns.take("orphans", T0, HOUR);

        assertThat(turns.take("orphans", T0.plusSeconds(10), Duration.ofMinutes(1))).isFalse();
        assertThat(turns.take("orphans", T0.plusSeconds(60), Duration.ofMinutes(1))).as("a minute after the last turn").isTrue();
        assertThat(turns.take("orphans", T0.plusSeconds(200), Duration.ofDays(1))).isFalse();
        assertThat(turns.take("orphans", T0.plusSeconds(60).plus(Duration.ofDays(1)), Duration.ofDays(1))).isTrue();
    }

    @Test
    void aProcessWhoseClockIsAheadOrBehindTakesNoTurnJustTaken() {
        SweepTurns one = stores.sweepTurns();
        SweepTurns other = stores.otherProcess().sweepTurns();
        one.take("orphans", T0, HOUR);
        Instant taken = T0.plus(HOUR);
        assertThat(one.take("orphans", taken, HOUR)).isTrue();

        assertThat(other.take("orphans", taken.plusSeconds(5), HOUR)).as("a clock 5 s ahead").isFalse();
        assertThat(other.take("orphans", taken.minusSeconds(5), HOUR)).as("a clock 5 s behind").isFalse();
        assertThat(other.take("orphans", taken.plus(HOUR), HOUR)).isTrue();
    }

    @Test
    void sweepsHaveTurnsOfTheirOwn() {
        SweepTurns turns = stores.sweepTurns();
        turns.take("orphans", T0, HOUR);
        turns.take("expiry", T0.plusSeconds(1800), HOUR);

        assertThat(turns.take("orphans", T0.plus(HOUR), HOUR)).isTrue();
        assertThat(turns.take("expiry", T0.plus(HOUR), HOUR)).isFalse();
    }

    @Test
    void ofProcessesRacingForADueTurnExactlyOneTakesItWhateverTheirClocksRead() throws Exception {
        SweepTurns[] processes = {stores.sweepTurns(), stores.otherProcess().sweepTurns()};
        processes[0].take("orphans", T0, HOUR);
        for (int round = 1; round <= 10; round++) {
            // Each racer's clock a few milliseconds off the others', all past the turn's time.
            Instant due = T0.plus(HOUR.multipliedBy(2L * round));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> takes = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                for (int i = 0; i < 6; i++) {
                    SweepTurns store = processes[i % 2];
                    Instant now = due.plusMillis(i * 7L);
                    takes.add(pool.submit(() -> {
                        start.await();
                        return store.take("orphans", now, HOUR);
                    }));
                }
                start.countDown();
                int taken = 0;
                for (Future<Boolean> take : takes) {
                    taken += take.get() ? 1 : 0;
                }
                assertThat(taken).as("round %d", round).isEqualTo(1);
            }
        }
    }

    @Test
    void ofProcessesSeeingANewSweepAtOnceNoneTakesItAndItIsDueOnce() throws Exception {
        SweepTurns[] processes = {stores.sweepTurns(), stores.otherProcess().sweepTurns()};
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> takes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                SweepTurns store = processes[i % 2];
                takes.add(pool.submit(() -> {
                    start.await();
                    return store.take("orphans", T0, HOUR);
                }));
            }
            start.countDown();
            for (Future<Boolean> take : takes) {
                assertThat(take.get()).isFalse();
            }
        }
        assertThat(processes[1].take("orphans", T0.plus(HOUR), HOUR)).isTrue();
    }
}
