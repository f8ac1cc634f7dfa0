package dev.pixflow.core.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

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

    /**
     * Keys paired with salts by position, blanks dropped (hex). A key without its salt is refused, as a
     * likely slip: it would sign URLs no server with the pair accepts.
     *
     * @throws IllegalArgumentException when they do not pair up, or are not hex
     */
    public static List<SigningKey> pairs(List<String> keys, List<String> salts) {
        List<String> k = keys.stream().filter(s -> !s.isBlank()).toList();
        List<String> s = salts.stream().filter(x -> !x.isBlank()).toList();
        if (k.size() != s.size()) {
            throw new IllegalArgumentException("keys and salts must pair up: " + k.size() + " key(s), " + s.size() + " salt(s)");
        }
        List<SigningKey> out = new ArrayList<>();
        for (int i = 0; i < k.size(); i++) {
            out.add(hex(k.get(i), s.get(i)));
        }
        return out;
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
