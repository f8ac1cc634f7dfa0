package dev.pixflow.engine.vips.ffm;

import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final String ODD_UNIT = "unknown EXIF resolution unit";
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

    /**
     * A JPEG whose EXIF gives its resolution in a unit libvips does not know (0; 1 to 3 are defined),
     * which it warns of when it reads the header, as it does for some cameras' photos. The EXIF is
     * written here, since libvips writes the unit from the image's own resolution.
     */
    static Path jpegWithOddResolutionUnit() throws IOException {
        Path plain = dir.resolve("plain.jpg");
        try (VipsImage image = VipsImage.open(TestImages.jpeg(dir, 64, 48))) {
            image.save("jpegsave", plain, VipsOptions.none().with("strip", true));
        }
        ByteBuffer tiff = ByteBuffer.allocate(66).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        // IFD0, three entries in tag order: XResolution and YResolution (RATIONAL, at 50 and 58), ResolutionUnit (SHORT).
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x011A).putShort((short) 5).putInt(1).putInt(50);
        tiff.putShort((short) 0x011B).putShort((short) 5).putInt(1).putInt(58);
        tiff.putShort((short) 0x0128).putShort((short) 3).putInt(1).putShort((short) 0).putShort((short) 0);
        tiff.putInt(0);
        tiff.putInt(72).putInt(1).putInt(72).putInt(1);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        byte[] jpeg = Files.readAllBytes(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) ((exif.length + 2) >> 8), (byte) (exif.length + 2)});
        out.write(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return Files.write(dir.resolve("odd-unit.jpg"), out.toByteArray());
    }

    @Test
    void aLoadersWarningIsLoggedNotPrintedToStderr() throws IOException {
        Path file = jpegWithOddResolutionUnit();
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
    void quietWarningsKeepsThemOutOfTheLog() throws IOException {
        Path file = jpegWithOddResolutionUnit();
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
