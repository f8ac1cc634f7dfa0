package dev.pixflow.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A cap on the bytes per second read from the file, shared by all parallel parts (like curl's
 * --limit-rate): for a slow or metered link, so the upload leaves room for other traffic.
 */
final class RateLimit {
    private final long bytesPerSecond;
    private long nextFreeNanos = System.nanoTime();

    RateLimit(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    static RateLimit none() {
        return new RateLimit(0);
    }

    InputStream wrap(InputStream in) {
        if (bytesPerSecond <= 0) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                // Small reads keep the pace even and the parts interleaved.
                int n = super.read(b, off, (int) Math.min(len, Math.max(1024, bytesPerSecond / 20)));
                if (n > 0) {
                    take(n);
                }
                return n;
            }
        };
    }

    private void take(int bytes) {
        long wakeAt;
        synchronized (this) {
            long now = System.nanoTime();
            nextFreeNanos = Math.max(nextFreeNanos, now) + bytes * 1_000_000_000L / bytesPerSecond;
            wakeAt = nextFreeNanos;
        }
        long wait;
        while ((wait = wakeAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
