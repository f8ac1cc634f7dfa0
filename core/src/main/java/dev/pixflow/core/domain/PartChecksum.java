package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A digest the client sent with a part or a whole upload's body (Content-MD5, or x-checksum-sha256),
 * base64 as S3 has them. The part store, or {@link #verifying} as the body is read, checks it against
 * the bytes received; on a mismatch nothing is kept.
 */
public record PartChecksum(Algorithm algorithm, byte[] expected) {
    public enum Algorithm {
        MD5("MD5", 16), SHA256("SHA-256", 32);

        private final String jcaName;
        private final int length;

        Algorithm(String jcaName, int length) {
            this.jcaName = jcaName;
            this.length = length;
        }

        public String jcaName() {
            return jcaName;
        }
    }

    public PartChecksum {
        expected = expected.clone();
    }

    /** Parses a header value; a value that is not base64 of the right length is a client error. */
    public static PartChecksum parse(Algorithm algorithm, String base64, String header) {
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(header, "must be the base64 of the " + algorithm.jcaName + " digest");
        }
        if (digest.length != algorithm.length) {
            throw new InvalidInputException(header, "must be the base64 of the " + algorithm.jcaName + " digest ("
                    + algorithm.length + " bytes)");
        }
        return new PartChecksum(algorithm, digest);
    }

    @Override
    public byte[] expected() {
        return expected.clone();
    }

    public boolean matches(byte[] actual) {
        return java.security.MessageDigest.isEqual(expected, actual);
    }

    /**
     * {@code body}, digested as it is read: reaching its end with other bytes than the digest names is a
     * {@code CHECKSUM_MISMATCH} refusal, thrown to the reader, which keeps nothing of a body it could not
     * read to its end.
     */
    public InputStream verifying(InputStream body) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm.jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new FilterInputStream(new DigestInputStream(body, digest)) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                return b < 0 ? ended(b) : b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                return n < 0 ? ended(n) : n;
            }

            /** Read, not skipped past: every byte is digested. */
            @Override
            public long skip(long n) throws IOException {
                long skipped = 0;
                byte[] buffer = new byte[8192];
                while (skipped < n) {
                    int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            }

            /** Through {@link #read(byte[], int, int)}, whatever the stream underneath could do faster. */
            @Override
            public long transferTo(OutputStream out) throws IOException {
                long moved = 0;
                byte[] buffer = new byte[65536];
                for (int r = read(buffer, 0, buffer.length); r >= 0; r = read(buffer, 0, buffer.length)) {
                    out.write(buffer, 0, r);
                    moved += r;
                }
                return moved;
            }

            private int ended(int eof) {
                if (!checked) {
                    checked = true;
                    byte[] actual = digest.digest();
                    if (!matches(actual)) {
                        throw new MultipartRejectedException(MultipartRejectedException.Reason.CHECKSUM_MISMATCH,
                                "the bytes received have " + algorithm.jcaName + " " + Base64.getEncoder().encodeToString(actual)
                                        + ", not the " + Base64.getEncoder().encodeToString(expected) + " sent with them");
                    }
                }
                return eof;
            }
        };
    }
}
