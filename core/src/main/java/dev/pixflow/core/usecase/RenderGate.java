package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.OverloadedException;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Bounds the renders and decodes asked for by requests, and runs them on a pool of as many platform
 * threads as there are slots. A request that cannot get a slot within a short wait is refused (429
 * with Retry-After) instead of queueing without bound and running out of memory.
 *
 * <p>Why a pool of its own: requests run on virtual threads, and a virtual thread inside a native call
 * (libvips through java.lang.foreign) pins its carrier. With renders on the request threads, two
 * renders on two cores would pin every carrier, and no other request (not even one that could be
 * answered from memory, nor a waiter whose time is up) would run until they ended. Here the request
 * thread only waits for the render, which unmounts it; and libvips keeps per-thread state, which a
 * small fixed pool reuses. The slot is given back when the render ends, not when its caller stops
 * waiting, so the bound holds even for callers that give up.
 */
public final class RenderGate implements AutoCloseable {
    private final Semaphore slots;
    private final long waitMillis;
    private final ExecutorService pool;
    private final UnaryOperator<Runnable> handOver;

    public RenderGate(int slots, long waitMillis) {
        this(slots, waitMillis, UnaryOperator.identity());
    }

    /**
     * @param handOver wraps each render as the caller hands it to a render thread, on the caller's
     *                 thread: what the caller's thread knows (the app's log context: the request, the
     *                 image) goes with it, so that lines logged during the render carry it too
     */
    public RenderGate(int slots, long waitMillis, UnaryOperator<Runnable> handOver) {
        this.slots = new Semaphore(slots, true);
        this.waitMillis = waitMillis;
        this.handOver = handOver;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "render-gate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // As many threads as slots: a task never waits in the pool's queue, the semaphore is the queue.
        this.pool = Executors.newFixedThreadPool(slots, threads);
    }

    public <T> T run(Callable<T> work) throws Exception {
        if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new OverloadedException("all render slots are busy", 1);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            pool.execute(handOver.apply(() -> {
                T result = null;
                Throwable failure = null;
                try {
                    result = work.call();
                } catch (Throwable e) {
                    failure = e;
                }
                // Freed before the caller hears: whoever the answer wakes finds the slot free again.
                slots.release();
                if (failure == null) {
                    done.complete(result);
                } else {
                    done.completeExceptionally(failure);
                }
            }));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    public int available() {
        return slots.availablePermits();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
