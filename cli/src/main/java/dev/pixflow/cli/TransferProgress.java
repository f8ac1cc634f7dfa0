package dev.pixflow.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress bar of one file: bytes sent, rate and ETA. Bytes already on the server when resuming
 * count as done but not into the rate, so the ETA is honest about what is left. Drawn only when
 * standard error, where it is drawn, is a terminal: written to a file or a pipe, its redrawing would be
 * a line of escape codes, and the result lines say what was done.
 */
final class TransferProgress implements AutoCloseable {
    /** null where nothing is drawn. */
    private final ProgressBar bar;

    private TransferProgress(ProgressBar bar) {
        this.bar = bar;
    }

    private static final boolean DRAWN = isatty(2);

    static TransferProgress start(String name, long total, long alreadyDone) {
        if (!DRAWN) {
            return new TransferProgress(null);
        }
        boolean small = total < 1 << 20;
        return new TransferProgress(new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .setUnit(small ? "KiB" : "MiB", small ? 1 << 10 : 1 << 20).showSpeed().setUpdateIntervalMillis(250)
                .startsFrom(alreadyDone, Duration.ZERO).build());
    }

    /** libc's isatty(3): Java tells only whether standard input and output are a terminal. */
    private static boolean isatty(int fd) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Counts what the HTTP client reads into {@code sent}, the count of the latest stream of one body:
     * the client asks its supplier for a stream each time it sends (again after a wait for the rate
     * limit), and what an earlier stream counted is taken back first.
     */
    InputStream counting(InputStream in, AtomicLong sent) {
        takeBack(sent.getAndSet(0));
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    sent.addAndGet(n);
                    if (bar != null) {
                        bar.stepBy(n);
                    }
                }
                return n;
            }
        };
    }

    void takeBack(long bytes) {
        if (bytes > 0 && bar != null) {
            bar.stepBy(-bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
