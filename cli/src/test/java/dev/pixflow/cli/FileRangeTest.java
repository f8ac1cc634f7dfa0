package dev.pixflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A part is its own bytes of the file: read, and digested (MD5 for the etag, SHA-256 for the bucket), alone. */
class FileRangeTest {
    @TempDir
    Path tmp;

    @Test
    void eachRangeReadsAndDigestsOnlyItsOwnBytes() throws Exception {
        byte[] bytes = new byte[700_001];
        new Random(14).nextBytes(bytes);
        Path file = Files.write(tmp.resolve("f.bin"), bytes);

        List<FileRange> ranges = MultipartUploader.ranges(file, bytes.length, 300_000);
        assertThat(ranges).extracting(FileRange::number).containsExactly(1, 2, 3);
        assertThat(ranges).extracting(FileRange::length).containsExactly(300_000L, 300_000L, 100_001L);
        for (FileRange r : ranges) {
            byte[] own = Arrays.copyOfRange(bytes, (int) r.offset(), (int) (r.offset() + r.length()));
            try (var in = r.open()) {
                assertThat(in.readAllBytes()).isEqualTo(own);
            }
            FileRange.Digests both = r.digests(true);
            assertThat(both.md5()).isEqualTo(MessageDigest.getInstance("MD5").digest(own));
            assertThat(both.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(own));
            FileRange.Digests md5Only = r.digests(false);
            assertThat(md5Only.md5()).isEqualTo(both.md5());
            assertThat(md5Only.sha256()).isNull();
        }
    }
}
