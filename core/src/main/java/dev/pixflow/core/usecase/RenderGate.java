package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.OverloadedException;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the renders and decodes done on request threads. A request that cannot get a slot within a
 * short wait is refused (429 with Retry-After) instead of queueing without bound and running out of memory.
 */
public final class RenderGate {
    private final Semaphore slots;
    private final long waitMillis;

    public RenderGate(int slots, long waitMillis) {
        this.slots = new Semaphore(slots, true);
        this.waitMillis = waitMillis;
    }

    public <T> T run(Callable<T> work) throws Exception {
        if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new OverloadedException("all render slots are busy", 1);
        }
        try {
            return work.call();
        } finally {
            slots.release();
        }
    }

    public int available() {
        return slots.availablePermits();
    }
}
