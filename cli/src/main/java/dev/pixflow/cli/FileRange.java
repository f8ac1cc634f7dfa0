package dev.pixflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** One part of the file: {@code length} bytes from {@code offset}, read from disk whenever needed. */
record FileRange(Path file, int number, long offset, long length) {

    InputStream open() {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new InputStream() {
                private final InputStream in = Channels.newInputStream(channel);
                private long left = length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The range's digests, from one read: the MD5 (S3's etag for this part, and its Content-MD5 when
     * sent through Pixflow) and, if asked for, the SHA-256 (signed into a part sent straight to the
     * bucket, which checks it); {@code sha256} is null when not asked for.
     */
    record Digests(byte[] md5, byte[] sha256) {
    }

    Digests digests(boolean withSha256) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = withSha256 ? digest("SHA-256") : null;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = open()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                md5.update(buffer, 0, n);
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
            }
        }
        return new Digests(md5.digest(), sha256 == null ? null : sha256.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }
}
