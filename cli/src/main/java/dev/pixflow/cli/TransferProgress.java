package dev.pixflow.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress bar of one file: bytes sent, rate and ETA. Bytes already on the server when resuming
 * count as done but not into the rate, so the ETA is honest about what is left.
 */
final class TransferProgress implements AutoCloseable {
    private final ProgressBar bar;

    private TransferProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static TransferProgress start(String name, long total, long alreadyDone) {
        return new TransferProgress(new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .setUnit("MiB", 1 << 20).showSpeed().setUpdateIntervalMillis(250)
                .startsFrom(alreadyDone, Duration.ZERO).build());
    }

    /** Counts what the HTTP client reads; {@code sent} lets a failed attempt take its bytes back. */
    InputStream counting(InputStream in, AtomicLong sent) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    sent.addAndGet(n);
                    bar.stepBy(n);
                }
                return n;
            }
        };
    }

    void takeBack(long bytes) {
        if (bytes > 0) {
            bar.stepBy(-bytes);
        }
    }

    @Override
    public void close() {
        bar.close();
    }
}
