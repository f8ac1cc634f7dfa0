package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadSpoolerTest {
    @TempDir
    Path dir;

    @Test
    void spoolsHashesAndCounts() throws Exception {
        var spooler = new UploadSpooler(dir, 1000);
        try (SpooledUpload s = spooler.spool(new ByteArrayInputStream("abc".getBytes()))) {
            assertThat(s.size()).isEqualTo(3);
            // SHA-256("abc") from FIPS 180-2's examples.
            assertThat(s.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(Files.readString(s.file())).isEqualTo("abc");
        }
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void stopsReadingAtTheLimitAndLeavesNothing() {
        var spooler = new UploadSpooler(dir, 100_000);
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertThatThrownBy(() -> spooler.spool(endless))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(read[0]).isLessThan(100_000 + 128 * 1024);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void emptyBodyIsRefused() {
        var spooler = new UploadSpooler(dir, 10);
        assertThatThrownBy(() -> spooler.spool(InputStream.nullInputStream()))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void sweepRemovesLeftovers() throws Exception {
        Files.writeString(dir.resolve("upload-1.part"), "half");
        Files.writeString(dir.resolve("render-2.jpg"), "half");
        assertThat(new UploadSpooler(dir, 10).sweepLeftovers()).isEqualTo(2);
        assertThat(dir.toFile().list()).isEmpty();
    }
}
