package dev.pixflow.app.security;

import dev.pixflow.core.domain.OverloadedException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-key token buckets (bucket4j): uploads a minute and bytes a minute, refilled smoothly, so a key
 * that floods gets 429 with the wait until its next token while every other key goes on. Buckets are
 * per process: a cluster of N API processes lets a key through N times the limit at most.
 */
public final class RateLimits {
    private final long uploadsPerMinute;
    private final long bytesPerMinute;
    private final Map<String, Bucket> uploads = new ConcurrentHashMap<>();
    private final Map<String, Bucket> bytes = new ConcurrentHashMap<>();

    public RateLimits(SecurityProperties.Limits limits) {
        this.uploadsPerMinute = limits.uploadsPerMinute();
        this.bytesPerMinute = limits.bytesPerMinute().toBytes();
    }

    /** One upload started by {@code keyId}; throws when its bucket is empty. */
    public void takeUpload(String keyId) {
        if (uploadsPerMinute > 0) {
            take(uploads.computeIfAbsent(keyId, k -> perMinute(uploadsPerMinute)), 1, "uploads", uploadsPerMinute);
        }
    }

    /**
     * {@code n} bytes about to be sent by {@code keyId}; throws when they do not fit. A body larger than
     * a whole minute's allowance waits for a full bucket and leaves the rest as debt.
     */
    public void takeBytes(String keyId, long n) {
        if (bytesPerMinute > 0 && n > 0) {
            Bucket bucket = bytes.computeIfAbsent(keyId, k -> perMinute(bytesPerMinute));
            take(bucket, Math.min(n, bytesPerMinute), "bytes", bytesPerMinute);
            if (n > bytesPerMinute) {
                bucket.consumeIgnoringRateLimits(n - bytesPerMinute);
            }
        }
    }

    /** Bytes already received whose size was not known up front (a chunked body): counted, never refused. */
    public void chargeBytes(String keyId, long n) {
        if (bytesPerMinute > 0 && n > 0) {
            bytes.computeIfAbsent(keyId, k -> perMinute(bytesPerMinute)).consumeIgnoringRateLimits(n);
        }
    }

    private static Bucket perMinute(long tokens) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(tokens).refillGreedy(tokens, Duration.ofMinutes(1)).build())
                .build();
    }

    private static void take(Bucket bucket, long n, String what, long perMinute) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(n);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new RateLimitedException("this key's limit of " + perMinute + " " + what + " a minute is used up; retry in "
                    + seconds + " s", (int) Math.min(Integer.MAX_VALUE, seconds));
        }
    }

    /** A key over its limit; unlike {@link OverloadedException} the server is fine, the caller is too fast. */
    public static final class RateLimitedException extends RuntimeException {
        private final int retryAfterSeconds;

        RateLimitedException(String message, int retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
