package dev.pixflow.core.testing;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A blob store whose index is a sorted map and whose bytes are files under a directory the test owns:
 * files, because the engine and the spooler work on paths ({@link #localCopy}, {@link #spoolDirectory}).
 * Objects are dated by the given clock, not the file system, so the orphan sweep's grace is the test's
 * to decide. Keys sort as Java strings, which for the ASCII of blob keys is the UTF-8 order S3 lists in.
 */
public final class InMemoryBlobStore implements BlobStore {
    private record Entry(Path file, long size, Instant modified, String version) {
    }

    private final Path objects;
    private final Path spool;
    private final Clock clock;
    private final TreeMap<String, Entry> index = new TreeMap<>();
    private long versions;
    private final List<String> puts = new ArrayList<>();
    private final List<String> copies = new ArrayList<>();
    private final List<Integer> listLimits = new ArrayList<>();
    private IOException putFailure;
    private IOException deleteFailure;
    private final List<String> undeletable = new ArrayList<>();

    public InMemoryBlobStore(Path root, Clock clock) throws IOException {
        this.objects = Files.createDirectories(root.resolve("objects"));
        this.spool = Files.createDirectories(root.resolve("spool"));
        this.clock = clock;
    }

    @Override
    public synchronized void put(BlobKey key, Path source) throws IOException {
        if (putFailure != null) {
            IOException failure = putFailure;
            putFailure = null;
            throw failure;
        }
        Path target = objects.resolve(key.value());
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        index.put(key.value(), new Entry(target, Files.size(target), clock.instant(), "v" + ++versions));
        puts.add(key.value());
    }

    @Override
    public synchronized boolean copyIfUnchanged(StoredBlob source, BlobKey target) throws IOException {
        Entry e = index.get(source.key().value());
        if (e == null || !e.version().equals(source.version())) {
            return false;
        }
        Path copy = objects.resolve(target.value());
        Files.createDirectories(copy.getParent());
        Files.copy(e.file(), copy, StandardCopyOption.REPLACE_EXISTING);
        index.put(target.value(), new Entry(copy, e.size(), clock.instant(), "v" + ++versions));
        copies.add(target.value());
        return true;
    }

    /** Writes {@code bytes} under {@code key} as if put: for objects a test needs to exist. */
    @Override
    public synchronized boolean putIfAbsent(BlobKey key, Path source) throws IOException {
        if (index.containsKey(key.value())) {
            Files.deleteIfExists(source);
            return false;
        }
        put(key, source);
        return true;
    }

    public synchronized void putBytes(BlobKey key, byte[] bytes) throws IOException {
        Path staged = Files.createTempFile(spool, "staged-", ".tmp");
        Files.write(staged, bytes);
        put(key, staged);
    }

    @Override
    public synchronized Optional<StoredBlob> find(BlobKey key) {
        return Optional.ofNullable(index.get(key.value())).map(e -> stored(key, e));
    }

    @Override
    public synchronized InputStream open(BlobKey key, long offset) throws IOException {
        InputStream in = Files.newInputStream(require(key).file());
        in.skipNBytes(offset);
        return in;
    }

    /** The store's own file, as the file-system store gives it: closing it deletes nothing. */
    @Override
    public synchronized LocalCopy localCopy(BlobKey key) throws IOException {
        Path file = require(key).file();
        return new LocalCopy() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void delete(BlobKey key) throws IOException {
        if (undeletable.stream().anyMatch(key.value()::startsWith)) {
            throw new java.nio.file.AccessDeniedException(key.value(), null, "refused by the store");
        }
        if (deleteFailure != null) {
            IOException failure = deleteFailure;
            deleteFailure = null;
            throw failure;
        }
        Entry removed = index.remove(key.value());
        if (removed != null) {
            Files.deleteIfExists(removed.file());
        }
    }

    @Override
    public synchronized void deletePrefix(String prefix) throws IOException {
        for (String key : List.copyOf(index.keySet())) {
            if (key.startsWith(prefix)) {
                delete(new BlobKey(key));
            }
        }
    }

    @Override
    public synchronized List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) {
        listLimits.add(limit);
        Map<String, Entry> from = after.isPresent() ? index.tailMap(after.get().value(), false) : index;
        List<StoredBlob> page = new ArrayList<>();
        for (Map.Entry<String, Entry> e : from.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            if (e.getKey().startsWith(prefix)) {
                page.add(stored(new BlobKey(e.getKey()), e.getValue()));
            }
        }
        return page;
    }

    @Override
    public Path spoolDirectory() {
        return spool;
    }

    /** The next put fails with {@code failure} and stores nothing: a full disk, a refused PUT. */
    public synchronized void failNextPut(IOException failure) {
        this.putFailure = failure;
    }

    /** Every delete of a key under {@code prefix} fails from now on: an object lock, a bucket policy. */
    public synchronized void refuseDeletesUnder(String prefix) {
        undeletable.add(prefix);
    }

    /** Deletes refused by {@link #refuseDeletesUnder} go through again. */
    public synchronized void allowDeletes() {
        undeletable.clear();
    }

    /** The next delete fails with {@code failure} and deletes nothing. */
    public synchronized void failNextDelete(IOException failure) {
        this.deleteFailure = failure;
    }

    public synchronized List<String> keys() {
        return List.copyOf(index.keySet());
    }

    public synchronized List<String> keys(String prefix) {
        return index.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    public synchronized boolean contains(BlobKey key) {
        return index.containsKey(key.value());
    }

    public synchronized byte[] bytes(BlobKey key) throws IOException {
        return Files.readAllBytes(require(key).file());
    }

    /** Every key put, in order, repeats included: how a test sees an overwrite. */
    /** The keys copied to inside the store, in order. */
    public synchronized List<String> copies() {
        return List.copyOf(copies);
    }

    public synchronized List<String> puts() {
        return List.copyOf(puts);
    }

    /** The page size of every list call, in order. */
    public synchronized List<Integer> listLimits() {
        return List.copyOf(listLimits);
    }

    private Entry require(BlobKey key) throws NoSuchFileException {
        Entry e = index.get(key.value());
        if (e == null) {
            throw new NoSuchFileException(key.value());
        }
        return e;
    }

    private static StoredBlob stored(BlobKey key, Entry e) {
        return new StoredBlob(key, e.size(), e.modified(), e.version(), Optional.of(e.file()));
    }
}
