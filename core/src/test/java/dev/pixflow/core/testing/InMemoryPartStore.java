package dev.pixflow.core.testing;

import dev.pixflow.core.domain.MultipartRejectedException;
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
import java.util.Optional;
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
    public WrittenPart write(UploadId upload, int partNumber, InputStream body, long maxBytes, Optional<PartChecksum> checksum)
            throws IOException {
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

    @Override
    public synchronized InputStream assemble(UploadId upload, List<UploadedPart> parts) throws IOException {
        Map<String, byte[]> held = uploads.getOrDefault(upload, Map.of());
        List<InputStream> streams = new ArrayList<>();
        for (UploadedPart p : parts) {
            byte[] bytes = held.get(p.location());
            if (bytes == null) {
                throw new NoSuchFileException("part " + p.number() + " of upload " + upload + " is missing from the store");
            }
            streams.add(new ByteArrayInputStream(bytes));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
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
    public synchronized void deleteAll(UploadId upload) {
        uploads.remove(upload);
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
