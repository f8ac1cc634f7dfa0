package dev.pixflow.core.delivery;

import dev.pixflow.core.domain.Instants;
import dev.pixflow.core.media.InvalidInputException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * Signs and checks delivery URLs: {@code base64url(HMAC-SHA256(key, salt + path))} without padding,
 * imgproxy's scheme, so its client libraries and recipes work. The first key signs; every key is
 * accepted, so a new key can be put first while URLs signed with the old one keep working.
 *
 * <p>An expiring URL carries its end as unix seconds inside the signed text ({@code exp:} among the
 * options of a transformation URL, {@code ?exp=} on {@code /i/}), so it cannot be extended without
 * the key, the way CloudFront's signed URLs work.
 */
public final class DeliverySigner {
    /** What a request's signature proves. */
    public enum Verdict {
        /** Signed with a configured key and not expired. */
        VALID,
        /** No key is configured (development): unsigned URLs are accepted. */
        UNSIGNED_ALLOWED,
        /** Missing, malformed, or made with another key, or an unsigned URL while keys are configured. */
        BAD_SIGNATURE,
        /** Correctly signed, but its {@code exp} is past. */
        EXPIRED
    }

    /** The signature segments that mean "not signed". */
    public static final List<String> UNSIGNED = List.of("_", "unsafe");
    /** The latest expiry a link may have, in unix seconds: the last instant Pixflow takes ({@link Instants}). */
    public static final long LATEST_EXPIRY = Instants.LAST.getEpochSecond();

    /** How a URL writes an expiry: unix seconds, at most twelve digits. */
    static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("\\d{1,12}");

    /**
     * An {@code exp} as a URL gives it, in unix seconds: a 400 naming {@code exp} when it is none, or past
     * {@link #LATEST_EXPIRY}. The same in a transformation URL and in a signed link to a private image.
     */
    public static long expiry(String value) {
        if (!SECONDS.matcher(value).matches()) {
            throw new InvalidInputException("exp", "is one expiry time in unix seconds");
        }
        long at = Long.parseLong(value);
        if (at > LATEST_EXPIRY) {
            throw new InvalidInputException("exp", "is past the end of the year 9999 (at most " + LATEST_EXPIRY + ")");
        }
        return at;
    }

    /** Refuses to sign an expiry past {@link #LATEST_EXPIRY}: no HTTP date can say it. */
    static void requireExpiry(long epochSecond) {
        if (epochSecond > LATEST_EXPIRY) {
            throw new IllegalArgumentException("a signed URL expires by the end of the year 9999 at the latest");
        }
    }

    private final List<SigningKey> keys;
    private final Clock clock;

    public DeliverySigner(List<SigningKey> keys, Clock clock) {
        this.keys = List.copyOf(keys);
        this.clock = clock;
    }

    public static DeliverySigner unsigned(Clock clock) {
        return new DeliverySigner(List.of(), clock);
    }

    /** True when keys are configured, so every URL must be signed. */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    public Instant now() {
        return clock.instant();
    }

    /** The signature of {@code path} with the first (current) key. */
    public String sign(String path) {
        if (keys.isEmpty()) {
            return UNSIGNED.getFirst();
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.getFirst(), path));
    }

    /**
     * Checks {@code signature} over {@code path}, then the expiry.
     *
     * @param expires unix seconds after which the URL is refused (410), when it has one
     */
    public Verdict check(String signature, String path, OptionalLong expires) {
        if (keys.isEmpty()) {
            return expired(expires) ? Verdict.EXPIRED : Verdict.UNSIGNED_ALLOWED;
        }
        if (signature == null || UNSIGNED.contains(signature)) {
            return Verdict.BAD_SIGNATURE;
        }
        // Compared as text, in the one spelling sign() gives: a decoder would also take padding and other
        // trailing bits, and each spelling would be an address of its own in a CDN's cache.
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (SigningKey key : keys) {
            // Every key is tried, and compared in constant time, so timing tells nothing of which key nearly matched.
            byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(mac(key, path));
            match |= MessageDigest.isEqual(expected, given);
        }
        if (!match) {
            return Verdict.BAD_SIGNATURE;
        }
        return expired(expires) ? Verdict.EXPIRED : Verdict.VALID;
    }

    private boolean expired(OptionalLong expires) {
        return expires.isPresent() && clock.instant().getEpochSecond() > expires.getAsLong();
    }

    private static byte[] mac(SigningKey key, String path) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.key(), "HmacSHA256"));
            mac.update(key.salt());
            return mac.doFinal(path.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
