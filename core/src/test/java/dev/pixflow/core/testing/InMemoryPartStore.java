package dev.pixflow.core.testing;

import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.PartStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Part bytes in memory, by upload and location. Test parts are a few dozen bytes, so holding them is
 * harmless here; the store's promises are kept: an MD5 etag, a new location per write, the limit and
 * the client's checksum enforced with nothing kept on a refusal, and assembly in the order given.
 */
public final class InMemoryPartStore implements PartStore {
    private final Map<UploadId, Map<String, byte[]>> uploads = new HashMap<>();
    private long written;

    @Override
    public Optional<String> begin(UploadId upload, Optional<String> contentType) {
        return Optional.empty();
    }

    @Override
    public WrittenPart write(MultipartUpload multipart, int partNumber, InputStream body, OptionalLong length, long maxBytes,
                             Optional<PartChecksum> checksum) throws IOException {
        UploadId upload = multipart.id();
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE, "the part is larger than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw new RejectedImageException(RejectedImageException.Reason.EMPTY, "the part is empty");
        }
        byte[] md5 = digest("MD5", bytes);
        if (checksum.isPresent()) {
            byte[] actual = checksum.get().algorithm() == PartChecksum.Algorithm.MD5 ? md5
                    : digest(checksum.get().algorithm().jcaName(), bytes);
            if (!checksum.get().matches(actual)) {
                throw new MultipartRejectedException(MultipartRejectedException.Reason.CHECKSUM_MISMATCH,
                        "part " + partNumber + " does not match its checksum");
            }
        }
        synchronized (this) {
            String location = partNumber + "-" + (++written) + ".part";
            uploads.computeIfAbsent(upload, k -> new LinkedHashMap<>()).put(location, bytes);
            return new WrittenPart(location, HexFormat.of().formatHex(md5), bytes.length);
        }
    }

    /** Like the local disk: every part comes through Pixflow. */
    @Override
    public boolean takesDirectUploads() {
        return false;
    }

    @Override
    public DirectRequest presignPart(MultipartUpload upload, int partNumber, long size, Optional<PartChecksum> md5,
                                     Duration lifetime) {
        throw new UnsupportedOperationException("no direct uploads in memory");
    }

    @Override
    public DirectRequest presignObject(MultipartUpload upload, long size, String contentType, Optional<PartChecksum> md5,
                                       Duration lifetime) {
        throw new UnsupportedOperationException("no direct uploads in memory");
    }

    @Override
    public Optional<List<UploadedPart>> heldParts(MultipartUpload upload) {
        return Optional.empty();
    }

    @Override
    public boolean holdsObject(MultipartUpload upload) {
        return false;
    }

    @Override
    public synchronized Optional<Assembled> assemble(MultipartUpload multipart, List<UploadedPart> parts) throws IOException {
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        UploadId upload = multipart.id();
        Map<String, byte[]> held = uploads.getOrDefault(upload, Map.of());
        List<InputStream> streams = new ArrayList<>();
        for (UploadedPart p : parts) {
            byte[] bytes = held.get(p.location());
            if (bytes == null) {
                throw new NoSuchFileException("part " + p.number() + " of upload " + upload + " is missing from the store");
            }
            streams.add(new ByteArrayInputStream(bytes));
        }
        return Optional.of(new Assembled(new SequenceInputStream(Collections.enumeration(streams)), false, Optional.empty()));
    }

    @Override
    public synchronized void delete(UploadId upload, String location) {
        Map<String, byte[]> held = uploads.get(upload);
        if (held != null) {
            held.remove(location);
            if (held.isEmpty()) {
                uploads.remove(upload);
            }
        }
    }

    @Override
    public synchronized void deleteAll(MultipartUpload upload) {
        uploads.remove(upload.id());
    }

    /** The locations held for {@code upload}, recorded or not. */
    public synchronized Set<String> locations(UploadId upload) {
        return Set.copyOf(uploads.getOrDefault(upload, Map.of()).keySet());
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
