package dev.pixflow.app.tracing;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The blob store as the worker's renders see it: each rendition written is a {@code store} span, the
 * child of the job's span, so a trace shows how much of a job was writing. Reads and the rest are
 * not spanned.
 */
public final class StoreSpans implements BlobStore {
    private final BlobStore blobs;
    private final Tracer tracer;

    public StoreSpans(BlobStore blobs, Tracer tracer) {
        this.blobs = blobs;
        this.tracer = tracer;
    }

    @Override
    public void put(BlobKey key, Path source) throws IOException {
        spanned(key, () -> {
            blobs.put(key, source);
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(BlobKey key, Path source) throws IOException {
        return spanned(key, () -> blobs.putIfAbsent(key, source));
    }

    private interface Write<T> {
        T run() throws IOException;
    }

    private <T> T spanned(BlobKey key, Write<T> write) throws IOException {
        if (tracer.currentSpan() == null) {
            return write.run();
        }
        Span span = tracer.nextSpan().name("store").tag("pixflow.blob.key", key.toString()).start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return write.run();
        } catch (IOException | RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public Optional<StoredBlob> find(BlobKey key) throws IOException {
        return blobs.find(key);
    }

    @Override
    public boolean copyIfUnchanged(StoredBlob source, BlobKey target) throws IOException {
        return blobs.copyIfUnchanged(source, target);
    }

    @Override
    public InputStream open(BlobKey key, long offset) throws IOException {
        return blobs.open(key, offset);
    }

    @Override
    public LocalCopy localCopy(BlobKey key) throws IOException {
        return blobs.localCopy(key);
    }

    @Override
    public void delete(BlobKey key) throws IOException {
        blobs.delete(key);
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        blobs.deletePrefix(prefix);
    }

    @Override
    public List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) throws IOException {
        return blobs.list(prefix, after, limit);
    }

    @Override
    public Path spoolDirectory() {
        return blobs.spoolDirectory();
    }
}
