package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
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
     * The refusal of bytes whose digest is {@code actual}, unless it is the one sent: nothing of them is
     * to be kept. {@code what} names them in the message ("part 3", "the body").
     */
    public void requireMatch(byte[] actual, String what) {
        if (!matches(actual)) {
            throw new MultipartRejectedException(MultipartRejectedException.Reason.CHECKSUM_MISMATCH,
                    what + ": the bytes received have " + algorithm.jcaName + " " + Base64.getEncoder().encodeToString(actual)
                            + ", not the " + Base64.getEncoder().encodeToString(expected) + " sent with them");
        }
    }

    /**
     * {@code body}, digested as it is read: reaching its end with other bytes than the digest names is a
     * {@code CHECKSUM_MISMATCH} refusal, thrown to the reader, which keeps nothing of a body it could not
     * read to its end. Only the two reads are overridden: what InputStream builds on them (skip,
     * transferTo, readAllBytes) reads through them, so every byte is digested.
     */
    public InputStream verifying(InputStream body) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm.jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new InputStream() {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = body.read();
                if (b < 0) {
                    ended();
                } else {
                    digest.update((byte) b);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = body.read(buffer, offset, length);
                if (n < 0) {
                    ended();
                } else {
                    digest.update(buffer, offset, n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                body.close();
            }

            private void ended() {
                if (!checked) {
                    checked = true;
                    requireMatch(digest.digest(), "the body");
                }
            }
        };
    }
}
