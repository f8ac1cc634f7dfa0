package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.testing.InMemoryCore;
import dev.pixflow.core.testing.InMemoryMultipartUploads;
import dev.pixflow.core.testing.InMemoryPartStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parts sent at once are each checked against what the others held before any of them was written;
 * together they must still not take the upload past its limit, nor leave the bytes of those refused.
 */
class ReceivePartTest {
    private static final Caller ANA = new Caller("ana", false);
    /** Parts of up to 1024 bytes, 4096 an upload. */
    private static final MultipartLimits LIMITS = new MultipartLimits(16, 16, 1024, 4096, Duration.ofHours(24));
    private static final int PARTS = 5;
    private static final int PART_BYTES = 1000;

    @TempDir
    Path dir;
    private InMemoryCore core;
    private InMemoryMultipartUploads uploads;
    private InMemoryPartStore parts;
    private MultipartUpload upload;

    @BeforeEach
    void start() throws Exception {
        core = new InMemoryCore(dir);
        uploads = new InMemoryMultipartUploads();
        parts = new InMemoryPartStore();
        upload = new StartUpload(uploads, parts, LIMITS, StorageQuota.NONE, core::nextUploadId, core.clock())
                .start(new StartUpload.Request("a.jpg", Optional.of("image/jpeg"), OptionalLong.empty(),
                        ImageMetadata.empty(), "ana"));
    }

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void partsSentAtOnceNeverHoldMoreThanTheUploadsLimit() throws Exception {
        ReceivePart receive = new ReceivePart(uploads, parts, LIMITS, StorageQuota.NONE, core.clock());
        // Every part's body waits until all have passed the check made before writing: the race, every time.
        CyclicBarrier checked = new CyclicBarrier(PARTS);

        List<Future<UploadedPart>> sent = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(PARTS)) {
            for (int n = 1; n <= PARTS; n++) {
                int number = n;
                sent.add(senders.submit(() -> receive.receive(ANA, upload.id(), number, new AfterBarrier(checked),
                        OptionalLong.of(PART_BYTES), Optional.empty())));
            }
        }
        int accepted = 0;
        int refused = 0;
        for (Future<UploadedPart> f : sent) {
            try {
                f.get();
                accepted++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RejectedImageException.class);
                assertThat(((RejectedImageException) e.getCause()).reason()).isEqualTo(RejectedImageException.Reason.TOO_LARGE);
                refused++;
            }
        }

        long held = uploads.parts(upload.id()).stream().mapToLong(UploadedPart::size).sum();
        assertThat(held).as("the upload's limit").isLessThanOrEqualTo(LIMITS.maxBytes());
        assertThat(refused).as("five parts of 1000 bytes do not fit in 4096").isPositive();
        assertThat(uploads.parts(upload.id())).hasSize(accepted);
        assertThat(parts.locations(upload.id())).as("the refused parts' bytes are gone").hasSize(accepted);
    }

    /**
     * A part sent again is checked for the room it adds (none, at the same size); refused once recorded
     * (another upload took the room meanwhile), it is taken out with the part it replaced, bytes and all:
     * nothing is left under its number that the client was told was refused, and no bytes are left behind.
     */
    @Test
    void aPartSentAgainIsCheckedForTheRoomItAddsAndRefusedLeavesNothing() throws Exception {
        java.util.List<Long> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        StorageQuota quota = new StorageQuota() {
            @Override
            public Hold hold(String owner, long bytes) {
                return () -> { };
            }

            @Override
            public void check(String owner, long bytes) {
                asked.add(bytes);
                // The check made once the part is recorded (the second of a part's two) finds the room gone.
                if (full.get() && asked.size() % 2 == 0) {
                    throw new QuotaExceededException(QuotaExceededException.STORED_BYTES, 1, 2, 0);
                }
            }
        };
        ReceivePart receive = new ReceivePart(uploads, parts, LIMITS, quota, core.clock());
        receive.receive(ANA, upload.id(), 1, new ByteArrayInputStream(new byte[10]), OptionalLong.of(10), Optional.empty());
        assertThat(asked).containsExactly(10L, 0L);
        full.set(true);
        try {
            receive.receive(ANA, upload.id(), 1, new ByteArrayInputStream(new byte[10]), OptionalLong.of(10), Optional.empty());
            throw new AssertionError("refused by the quota");
        } catch (QuotaExceededException expected) {
            // as the quota said
        }
        assertThat(asked).as("sent again: the room it adds").containsExactly(10L, 0L, 0L, 0L);
        assertThat(uploads.parts(upload.id())).isEmpty();
        assertThat(parts.locations(upload.id())).isEmpty();
    }

    /** A part's bytes, sent once every part has reached this point. */
    private static final class AfterBarrier extends InputStream {
        private final CyclicBarrier barrier;
        private InputStream bytes;

        AfterBarrier(CyclicBarrier barrier) {
            this.barrier = barrier;
        }

        @Override
        public int read() throws IOException {
            return body().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return body().read(b, off, len);
        }

        private InputStream body() throws IOException {
            if (bytes == null) {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IOException(e);
                }
                bytes = new ByteArrayInputStream(new byte[PART_BYTES]);
            }
            return bytes;
        }
    }
}
