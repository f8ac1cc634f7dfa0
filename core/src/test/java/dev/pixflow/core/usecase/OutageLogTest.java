package dev.pixflow.core.usecase;

import dev.pixflow.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage retried on every poll logs its first failure whole, then a line a minute, then its end. */
class OutageLogTest {
    private final Logger log = Logger.getLogger("outage-log-test");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    @Test
    void anOutageOfAPollEverySecondForThreeMinutesWritesFourLinesAndOneStackTrace() {
        OutageLog outage = new OutageLog(log, "leasing a job", clock);
        for (int second = 0; second < 180; second++) {
            outage.failed(new IllegalStateException("queue down", new IOException("connection refused")));
            clock.advance(Duration.ofSeconds(1));
        }
        outage.succeeded();
        outage.succeeded();

        assertThat(records).hasSize(4);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getThrown()).hasMessage("queue down");
        assertThat(records.subList(1, 4)).allSatisfy(r -> assertThat(r.getThrown()).isNull());
        assertThat(records.get(1).getMessage()).startsWith("leasing a job still fails: 61 times since 2026-12-01T00:00:00Z");
        assertThat(records.get(2).getMessage()).contains("121 times");
        assertThat(records.get(3).getLevel()).isEqualTo(Level.INFO);
        assertThat(records.get(3).getMessage()).isEqualTo("leasing a job works again, after 180 failure(s) since 2026-12-01T00:00:00Z");
    }

    @Test
    void theNextOutageIsToldWholeAgainOnceTheQuietMinutePassed() {
        OutageLog outage = new OutageLog(log, "relaying jobs", clock);
        outage.failed(new IllegalStateException("first"));
        outage.succeeded();
        clock.advance(OutageLog.QUIET);
        outage.failed(new IllegalStateException("second"));

        assertThat(records).extracting(LogRecord::getThrown).extracting(t -> t == null ? null : t.getMessage())
                .containsExactly("first", null, "second");
    }

    @Test
    void aFlakyDependencyIsToldOnceAMinuteNotAtEveryTurn() {
        OutageLog outage = new OutageLog(log, "leasing a job", clock);
        for (int second = 0; second < 180; second++) {
            outage.failed(new IllegalStateException("flaky"));
            outage.succeeded();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(records).as("a stack trace and its end, once a minute").hasSize(6);
        assertThat(records.stream().filter(r -> r.getThrown() != null)).hasSize(3);
        assertThat(records.get(2).getMessage()).contains("59 more came and went since the last line");
    }
}
