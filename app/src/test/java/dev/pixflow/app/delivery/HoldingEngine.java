package dev.pixflow.app.delivery;

import dev.pixflow.core.domain.ImageProbe;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.port.ImageEngine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real engine, counting its renders; when {@link #hold()} is armed, the next render signals that
 * it has started and then waits for {@link #release()}: a render slot held as long as a test wants,
 * without sleeping.
 */
public final class HoldingEngine implements ImageEngine {
    private final ImageEngine engine;
    private final AtomicInteger renders = new AtomicInteger();
    private CountDownLatch started;
    /** The latch the next render takes. */
    private CountDownLatch gate;
    /** Every latch handed out, so release opens the one a render already took. */
    private final java.util.List<CountDownLatch> issued = new java.util.ArrayList<>();

    public HoldingEngine(ImageEngine engine) {
        this.engine = engine;
    }

    public int renders() {
        return renders.get();
    }

    /** Makes the next render wait; returns a latch that opens once that render has started. */
    public synchronized CountDownLatch hold() {
        started = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        issued.add(gate);
        return started;
    }

    public synchronized void release() {
        issued.forEach(CountDownLatch::countDown);
        issued.clear();
        gate = null;
        started = null;
    }

    @Override
    public ImageProbe probe(Path file) {
        return engine.probe(file);
    }

    @Override
    public void verify(Path file) {
        engine.verify(file);
    }

    @Override
    public List<RenderedFile> render(RenderRequest request) {
        renders.incrementAndGet();
        CountDownLatch mine;
        CountDownLatch signal;
        synchronized (this) {
            mine = gate;
            signal = started;
            started = null;
            gate = null;
        }
        if (mine != null) {
            signal.countDown();
            try {
                if (!mine.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the held render");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return engine.render(request);
    }
}
