package dev.pixflow.adapter.blob.fs;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under one root. A write is made durable (file fsync), then published by an atomic
 * rename and the directory fsync'd: after a crash a key holds the whole object or nothing.
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final String SPOOL = "tmp";

    private final Path root;
    private final Path spool;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.spool = this.root.resolve(SPOOL);
        Files.createDirectories(spool);
    }

    @Override
    public void put(BlobKey key, Path source) throws IOException {
        Path target = resolve(key);
        Path dir = directoryOf(target);
        fsync(source, false);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherVolume) {
            Path staged = staged("copy-");
            try {
                Files.copy(source, staged);
                fsync(staged, false);
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(staged);
            }
            Files.deleteIfExists(source);
        }
        fsync(dir, true);
    }

    /** A hard link fails when the name exists, atomically: of two writers exactly one stores. */
    @Override
    public boolean putIfAbsent(BlobKey key, Path source) throws IOException {
        Path target = resolve(key);
        Path dir = directoryOf(target);
        Path staged = staged("link-");
        try {
            Files.move(source, staged);
            fsync(staged, false);
            Files.createLink(target, staged);
        } catch (FileAlreadyExistsException first) {
            return false;
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(source);
        }
        fsync(dir, true);
        return true;
    }

    /**
     * A fresh name in the spool, not a created temp file: a placeholder that the write then replaces is
     * an inode made and freed per object, and on ext4 without a journal every later file creation scans
     * past the inodes freed in the last minute.
     */
    private Path staged(String prefix) {
        return spool.resolve(prefix + UUID.randomUUID() + ".part");
    }

    @Override
    public Optional<StoredBlob> find(BlobKey key) throws IOException {
        Path file = resolve(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(stored(key, file, attrs));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * A hard link, not a copy: objects are only ever replaced by a rename (a new file), never written in
     * place, so two keys may share one file. The link is made first and checked after, so an object
     * replaced in between is never the one linked.
     */
    @Override
    public boolean copyIfUnchanged(StoredBlob source, BlobKey target) throws IOException {
        Path to = resolve(target);
        Path dir = directoryOf(to);
        Path staged = dir.resolve(".link-" + UUID.randomUUID());
        try {
            Files.createLink(staged, resolve(source.key()));
            if (!version(Files.readAttributes(staged, BasicFileAttributes.class)).equals(source.version())) {
                return false;
            }
            Files.move(staged, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException gone) {
            return false;
        } finally {
            Files.deleteIfExists(staged);
        }
        fsync(dir, true);
        return true;
    }

    private static StoredBlob stored(BlobKey key, Path file, BasicFileAttributes attrs) {
        return new StoredBlob(key, attrs.size(), attrs.lastModifiedTime().toInstant(), version(attrs), Optional.of(file));
    }

    /** The file (device and inode), its size and its time: a replaced object is another file. */
    private static String version(BasicFileAttributes attrs) {
        return attrs.fileKey() + ":" + attrs.size() + ":" + attrs.lastModifiedTime().toInstant();
    }

    @Override
    public InputStream open(BlobKey key, long offset) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public LocalCopy localCopy(BlobKey key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key.value());
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() {
                // The store's own file: nothing to clean up.
            }
        };
    }

    @Override
    public void delete(BlobKey key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        Path base = root.resolve(prefix).normalize();
        if (!base.startsWith(root) || base.equals(root) || !Files.exists(base)) {
            return;
        }
        // A worker may add or remove a file under the prefix while we walk it (a render finishing as
        // its image is deleted cleans up after itself): a file gone or a directory refilled is not an error.
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException refilled) {
                    // The late writer removes what it wrote once it sees the image is gone.
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Walks the directories in key order, a directory sorting as its name followed by '/' (so
     * {@code a-b} comes before {@code a/x}, as in S3's byte order), and skips whole directories whose
     * keys all come at or before {@code after}: a page costs the directories on its path, not the store.
     */
    @Override
    public List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<StoredBlob> page = new ArrayList<>(Math.min(limit, 1000));
        collect(root, "", prefix, after.map(BlobKey::value).orElse(""), limit, page);
        return page;
    }

    private void collect(Path dir, String dirKey, String prefix, String after, int limit, List<StoredBlob> page) throws IOException {
        List<Path> entries;
        try (Stream<Path> children = Files.list(dir)) {
            entries = children.filter(p -> !p.equals(spool)).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        record Entry(Path path, String key, boolean directory) {
        }
        List<Entry> sorted = entries.stream()
                .filter(p -> mayHoldPageKeys(dirKey + p.getFileName(), prefix, after))
                .map(p -> {
                    boolean directory = Files.isDirectory(p);
                    return new Entry(p, dirKey + p.getFileName() + (directory ? "/" : ""), directory);
                })
                .sorted(Comparator.comparing(Entry::key))
                .toList();
        for (Entry entry : sorted) {
            if (page.size() >= limit) {
                return;
            }
            String key = entry.key();
            if (entry.directory()) {
                boolean mayHoldPrefix = key.startsWith(prefix) || prefix.startsWith(key);
                boolean allBeforeAfter = key.compareTo(after) < 0 && !after.startsWith(key);
                if (mayHoldPrefix && !allBeforeAfter) {
                    collect(entry.path(), key, prefix, after, limit, page);
                }
            } else if (key.startsWith(prefix) && key.compareTo(after) > 0) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(entry.path(), BasicFileAttributes.class);
                    page.add(stored(new BlobKey(key), entry.path(), attrs));
                } catch (NoSuchFileException deleted) {
                    // Removed while we walked: not part of the page.
                } catch (IllegalArgumentException notAKey) {
                    // A file Pixflow did not write (an editor's backup, a stray dot file): not a blob.
                }
            }
        }
    }

    /**
     * Whether a file or directory of this name may hold keys of the page, decided without a stat (a
     * directory of renditions holds one entry per image): its name must agree with the prefix, and not
     * everything under it may come at or before {@code after}.
     */
    private static boolean mayHoldPageKeys(String name, String prefix, String after) {
        String asDirectory = name + "/";
        return (name.startsWith(prefix) || prefix.startsWith(name))
                && (asDirectory.compareTo(after) >= 0 || after.startsWith(asDirectory));
    }

    @Override
    public Path spoolDirectory() {
        return spool;
    }

    private Path resolve(BlobKey key) {
        Path p = root.resolve(key.value()).normalize();
        if (!p.startsWith(root) || p.startsWith(spool)) {
            throw new IllegalArgumentException("key escapes the store: " + key);
        }
        return p;
    }

    /**
     * The file's directory, made when missing. Files.createDirectories on a directory that exists
     * asks the kernel to make it and builds an exception from the refusal, with the whole stack of
     * the request: about half a percent of the server's CPU when every upload and rendition paid it.
     */
    private static Path directoryOf(Path file) throws IOException {
        Path dir = file.getParent();
        return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
    }

    private static void fsync(Path path, boolean directory) throws IOException {
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
