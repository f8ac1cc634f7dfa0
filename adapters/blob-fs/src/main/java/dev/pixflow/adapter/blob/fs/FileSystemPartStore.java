package dev.pixflow.adapter.blob.fs;

import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.PartStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parts as files: {@code {root}/{uploadId}/{n}-{random}.part}. A part streams to a temporary file in
 * {@code {root}/.incoming} while its MD5 (the etag) and any requested checksum are computed, is
 * fsync'd, then renamed into the upload's directory: a crash leaves either a whole part or a temporary
 * file that the next start sweeps. Every write gets a new name, so a re-sent part never overwrites the
 * bytes the database still points at.
 */
public final class FileSystemPartStore implements PartStore {
    private static final String INCOMING = ".incoming";
    private static final Pattern LOCATION = Pattern.compile("[0-9]{1,5}-[0-9a-f-]{36}\\.part");
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final Path incoming;

    public FileSystemPartStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve(INCOMING);
        Files.createDirectories(incoming);
    }

    /** The parts' directory is made by the first part: nothing to begin. */
    @Override
    public Optional<String> begin(UploadId upload, Optional<String> contentType) {
        return Optional.empty();
    }

    @Override
    public WrittenPart write(MultipartUpload upload, int partNumber, InputStream body, OptionalLong length, long maxBytes,
                             Optional<PartChecksum> checksum) throws IOException {
        return write(upload.id(), partNumber, body, maxBytes, checksum);
    }

    private WrittenPart write(UploadId upload, int partNumber, InputStream body, long maxBytes,
                              Optional<PartChecksum> checksum) throws IOException {
        Path temp = Files.createTempFile(incoming, "part-", ".tmp");
        boolean moved = false;
        try {
            MessageDigest md5 = digest("MD5");
            Optional<MessageDigest> extra = checksum.map(c -> c.algorithm() == PartChecksum.Algorithm.MD5 ? md5 : digest(c.algorithm().jcaName()));
            long size = copy(body, temp, maxBytes, md5, extra.filter(d -> d != md5));
            if (size == 0) {
                throw new RejectedImageException(RejectedImageException.Reason.EMPTY, "the part is empty");
            }
            byte[] etag = md5.digest();
            if (checksum.isPresent()) {
                byte[] actual = checksum.get().algorithm() == PartChecksum.Algorithm.MD5 ? etag : extra.get().digest();
                checksum.get().requireMatch(actual, "part " + partNumber);
            }
            String location = partNumber + "-" + UUID.randomUUID() + ".part";
            Path dir = moveIn(temp, uploadDir(upload), location);
            moved = true;
            fsync(dir, true);
            return new WrittenPart(location, HexFormat.of().formatHex(etag), size);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Clients reach only Pixflow's processes here: nothing is sent straight to the disk. */
    @Override
    public boolean takesDirectUploads() {
        return false;
    }

    @Override
    public DirectRequest presignPart(MultipartUpload upload, int partNumber, long size, Optional<PartChecksum> md5,
                                     Duration lifetime) {
        throw new UnsupportedOperationException("the local disk takes no direct uploads");
    }

    @Override
    public DirectRequest presignObject(MultipartUpload upload, long size, String contentType, Optional<PartChecksum> md5,
                                       Duration lifetime) {
        throw new UnsupportedOperationException("the local disk takes no direct uploads");
    }

    /** The catalogue's list of parts is the truth: every part came through Pixflow. */
    @Override
    public Optional<List<UploadedPart>> heldParts(MultipartUpload upload) {
        return Optional.empty();
    }

    /** Parts on disk are put together into the spool as they are read, never kept whole here. */
    @Override
    public boolean holdsObject(MultipartUpload upload) {
        return false;
    }

    @Override
    public Optional<Assembled> assemble(MultipartUpload upload, List<UploadedPart> parts) throws IOException {
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assembled(concatenated(upload.id(), parts), false, Optional.empty()));
    }

    private InputStream concatenated(UploadId upload, List<UploadedPart> parts) throws IOException {
        Path dir = uploadDir(upload);
        for (UploadedPart p : parts) {
            if (!Files.isRegularFile(resolve(dir, p.location()))) {
                throw new NoSuchFileException("part " + p.number() + " of upload " + upload + " is missing from the store");
            }
        }
        return new ConcatenatedFiles(parts.stream().map(p -> resolve(dir, p.location())).toList());
    }

    @Override
    public void delete(UploadId upload, String location) throws IOException {
        Path dir = uploadDir(upload);
        Files.deleteIfExists(resolve(dir, location));
        try {
            // The last part of an aborted upload, deleted by its own writer: leave no empty directory.
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException stillInUse) {
            // Other parts are there: the directory stays.
        }
    }

    @Override
    public void deleteAll(MultipartUpload upload) throws IOException {
        deleteAll(upload.id());
    }

    private void deleteAll(UploadId upload) throws IOException {
        Path dir = uploadDir(upload);
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                try {
                    Files.deleteIfExists(d);
                } catch (DirectoryNotEmptyException racedByAWriter) {
                    // A part landed meanwhile; its writer's record is refused and it deletes the file itself.
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes temporary files a crashed process left behind; called once at start. */
    public int sweepIncoming() throws IOException {
        int removed = 0;
        try (var files = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** A writer that deleted the upload's last part may remove the directory between its creation and the move. */
    private static Path moveIn(Path temp, Path dir, String location) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(dir);
            try {
                Files.move(temp, dir.resolve(location), StandardCopyOption.ATOMIC_MOVE);
                return dir;
            } catch (NoSuchFileException directoryRemoved) {
                if (attempt == 3 || !Files.exists(temp)) {
                    throw directoryRemoved;
                }
            }
        }
    }

    private Path uploadDir(UploadId upload) {
        return root.resolve(upload.value());
    }

    private static Path resolve(Path dir, String location) {
        if (!LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("not a part location: " + location);
        }
        return dir.resolve(location);
    }

    private static long copy(InputStream body, Path file, long maxBytes, MessageDigest md5, Optional<MessageDigest> extra)
            throws IOException {
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            int n;
            // Whole buffers, as the upload spool writes them: a write per socket read cost more than the bytes.
            while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                            "the part is larger than " + maxBytes + " bytes");
                }
                md5.update(buffer, 0, n);
                if (extra.isPresent()) {
                    extra.get().update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        }
        return total;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fsync(Path path, boolean directory) throws IOException {
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
