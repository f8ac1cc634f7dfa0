package dev.pixflow.core.usecase;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the work for a key once however many callers ask at the same moment: the first caller does it,
 * the others wait for its result (or its failure). Nothing is remembered after the work ends; what
 * lasts is the caller's business (the stored rendition). A CDN that misses on a popular new URL sends
 * many identical requests at once, and each would otherwise decode the original.
 */
public final class SingleFlight<K, V> {
    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public V run(K key, Callable<V> work) throws Exception {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return follow(leader);
        }
        try {
            V value = work.call();
            mine.complete(value);
            return value;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Callers now waiting on another's work, for metrics and tests. */
    public int waiting() {
        return waiting.get();
    }

    private V follow(CompletableFuture<V> leader) throws Exception {
        waiting.incrementAndGet();
        try {
            return leader.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (CancellationException e) {
            throw new IllegalStateException("the shared work was cancelled", e);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
