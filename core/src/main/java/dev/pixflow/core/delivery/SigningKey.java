package dev.pixflow.core.delivery;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One HMAC key and the salt prefixed to every signed path, as imgproxy has them (both given as hex).
 * Several are accepted at once so a key can be rotated without breaking the URLs already out.
 */
public record SigningKey(byte[] key, byte[] salt) {
    public SigningKey {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a signing key must not be empty");
        }
        key = key.clone();
        salt = salt == null ? new byte[0] : salt.clone();
    }

    public static SigningKey hex(String key, String salt) {
        try {
            return new SigningKey(HexFormat.of().parseHex(key.strip()), HexFormat.of().parseHex(salt == null ? "" : salt.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing keys and salts are hex strings", e);
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && Arrays.equals(key, other.key) && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(salt);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SigningKey[" + key.length + " bytes]";
    }
}
