package dev.pixflow.app.lifecycle;

import dev.pixflow.core.port.SweepTurns;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sweeper runs its pass when, and only when, it takes the sweep's turn from the catalogue, however
 * long its own process has been up: the schedule is the fleet's.
 */
class PeriodicSweeperTest {

    /** Counts its passes. */
    private static final class Counting extends PeriodicSweeper<Integer> {
        final AtomicInteger passes = new AtomicInteger();

        Counting(Duration interval, SweepTurns turns) {
            super("test-sweep", interval, turns, Clock.systemUTC());
        }

        @Override
        protected Integer pass() {
            return passes.incrementAndGet();
        }
    }

    /** Says a turn is due the first {@code due} times it is asked, and records what it was asked. */
    private static final class ScriptedTurns implements SweepTurns {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger due;

        ScriptedTurns(int due) {
            this.due = new AtomicInteger(due);
        }

        @Override
        public boolean take(String sweep, Instant now, Duration interval) {
            asked.add(sweep + " every " + interval);
            return due.getAndDecrement() > 0;
        }
    }

    @Test
    void aProcessStartedAfterTheFleetsTurnCameDueSweepsSoonNotOneIntervalLater() {
        ScriptedTurns turns = new ScriptedTurns(1);
        Counting sweeper = new Counting(Duration.ofHours(1), turns);
        sweeper.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sweeper.passes.get() == 1);
            assertThat(turns.asked).first().isEqualTo("test-sweep every PT1H");
        } finally {
            sweeper.stop();
        }
    }

    @Test
    void aTurnTakenByAnotherProcessIsNotSweptHere() {
        ScriptedTurns turns = new ScriptedTurns(0);
        Counting sweeper = new Counting(Duration.ofMillis(200), turns);
        sweeper.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> turns.asked.size() >= 5);
            assertThat(sweeper.passes.get()).isZero();
        } finally {
            sweeper.stop();
        }
    }

    @Test
    void aCatalogueThatCannotAnswerIsAskedAgain() {
        AtomicInteger asked = new AtomicInteger();
        SweepTurns failingOnce = (sweep, now, interval) -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
            return asked.get() == 2;
        };
        Counting sweeper = new Counting(Duration.ofMillis(200), failingOnce);
        sweeper.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sweeper.passes.get() == 1);
        } finally {
            sweeper.stop();
        }
    }

    @Test
    void withoutAnIntervalNothingIsAsked() {
        ScriptedTurns turns = new ScriptedTurns(1);
        Counting sweeper = new Counting(Duration.ZERO, turns);
        sweeper.start();
        assertThat(sweeper.isRunning()).isFalse();
        assertThat(turns.asked).isEmpty();
    }

    @Test
    void aProcessAsksATenthOfTheIntervalApartWithinBounds() {
        assertThat(PeriodicSweeper.checkEvery(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(6));
        assertThat(PeriodicSweeper.checkEvery(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(PeriodicSweeper.checkEvery(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(10));
    }
}
