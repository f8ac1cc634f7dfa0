package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.Base64;

/**
 * A digest the client sent with a part (Content-MD5, or x-checksum-sha256), base64 as S3 has them.
 * The part store checks it against the bytes it received and keeps nothing on a mismatch.
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
}
