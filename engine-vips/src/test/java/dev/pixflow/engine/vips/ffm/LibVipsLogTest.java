package dev.pixflow.engine.vips.ffm;

import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** libvips' warnings reach the process's log, each text at WARNING once in a while and at DEBUG between. */
class LibVipsLogTest {
    private static final String ODD_UNIT = TestImages.ODD_RESOLUTION_UNIT_WARNING;
    private static final Logger LOG = Logger.getLogger(LibVipsLog.LOGGER);

    @TempDir
    static Path dir;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler listener = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = LOG.getLevel();
        LOG.setLevel(Level.ALL);
        LOG.addHandler(listener);
    }

    @AfterEach
    void stopListening() {
        LOG.removeHandler(listener);
        LOG.setLevel(levelBefore);
    }

    @Test
    void aLoadersWarningIsLoggedNotPrintedToStderr() {
        Path file = TestImages.jpegWithOddResolutionUnit(dir);
        logged.clear();

        try (VipsImage image = VipsImage.open(file)) {
            assertThat(image.width()).isEqualTo(64);
        }

        assertThat(logged).anySatisfy(record -> {
            assertThat(record.getParameters()).containsExactly(ODD_UNIT);
            // WARNING the first time in the process, DEBUG (FINE) when another test met it just before.
            assertThat(record.getLevel()).isIn(Level.WARNING, Level.FINE);
        });
    }

    @Test
    void quietWarningsKeepsThemOutOfTheLog() {
        Path file = TestImages.jpegWithOddResolutionUnit(dir);
        logged.clear();

        try (LibVipsLog.QuietWarnings ignored = LibVipsLog.quietWarnings(); VipsImage image = VipsImage.open(file)) {
            assertThat(image.width()).isEqualTo(64);
        }
        assertThat(logged).isEmpty();

        try (VipsImage image = VipsImage.open(file)) {
            assertThat(image.width()).isEqualTo(64);
        }
        assertThat(logged).extracting(r -> r.getParameters()[0]).contains(ODD_UNIT);
    }

    @Test
    void aTextIsAWarningOnceInTenMinutesAndDebugBetween() {
        String text = "a warning of this test " + UUID.randomUUID();
        int warning = 1 << 4;
        long t = System.nanoTime();
        long tenMinutes = TimeUnit.MINUTES.toNanos(LibVipsLog.REPEAT_MINUTES);

        assertThat(LibVipsLog.levelOf(warning, text, t)).isEqualTo(System.Logger.Level.WARNING);
        assertThat(LibVipsLog.levelOf(warning, text, t + 1)).isEqualTo(System.Logger.Level.DEBUG);
        assertThat(LibVipsLog.levelOf(warning, text, t + tenMinutes - 1)).isEqualTo(System.Logger.Level.DEBUG);
        assertThat(LibVipsLog.levelOf(warning, text, t + tenMinutes)).isEqualTo(System.Logger.Level.WARNING);
        // Another text is counted on its own.
        assertThat(LibVipsLog.levelOf(warning, text + " and more", t + 1)).isEqualTo(System.Logger.Level.WARNING);
    }

    @Test
    void criticalsAreErrorsAndMessagesInfo() {
        assertThat(LibVipsLog.levelOf(1 << 3, "critical", System.nanoTime())).isEqualTo(System.Logger.Level.ERROR);
        assertThat(LibVipsLog.levelOf(1 << 5, "message", System.nanoTime())).isEqualTo(System.Logger.Level.INFO);
    }
}
