package dev.pixflow.app.security;

import dev.pixflow.core.domain.OverloadedException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Per-key token buckets (bucket4j): uploads a minute and bytes a minute, refilled smoothly, so a key
 * that floods gets 429 with the wait until its next token while every other key goes on. The buckets'
 * state is in the catalogue database ({@code rate_limit_buckets}), which every process shares: N API
 * processes together let a key through the limit once, not N times. The embedded mode, one process,
 * keeps them in memory, exact for that process and no write per upload.
 */
public final class RateLimits {
    private final long uploadsPerMinute;
    private final long bytesPerMinute;
    private final BiFunction<String, BucketConfiguration, Bucket> buckets;
    private final BucketConfiguration uploads;
    private final BucketConfiguration bytes;

    /**
     * @param shared where the buckets' state is kept, shared by every process of one deployment; without
     *               one (a catalogue that has no bucket store) each process counts for itself
     */
    public RateLimits(SecurityProperties.Limits limits, Optional<ProxyManager<String>> shared) {
        this.uploadsPerMinute = limits.uploadsPerMinute();
        this.bytesPerMinute = limits.bytesPerMinute().toBytes();
        if (shared.isPresent()) {
            ProxyManager<String> proxies = shared.get();
            this.buckets = (id, configuration) -> proxies.builder().build(id, () -> configuration);
        } else {
            Map<String, Bucket> local = new ConcurrentHashMap<>();
            this.buckets = (id, configuration) -> local.computeIfAbsent(id, k -> {
                var builder = Bucket.builder();
                for (Bandwidth limit : configuration.getBandwidths()) {
                    builder.addLimit(limit);
                }
                return builder.build();
            });
        }
        this.uploads = perMinute(uploadsPerMinute);
        this.bytes = perMinute(bytesPerMinute);
    }

    /** One upload started by {@code keyId}; throws when its bucket is empty. */
    public void takeUpload(String keyId) {
        if (uploadsPerMinute > 0) {
            take(bucket("uploads:" + keyId, uploads), 1, "uploads", uploadsPerMinute);
        }
    }

    /** An upload taken and then refused on its bytes, given back: a refused request used up nothing. */
    public void returnUpload(String keyId) {
        if (uploadsPerMinute > 0) {
            bucket("uploads:" + keyId, uploads).addTokens(1);
        }
    }

    /**
     * {@code n} bytes about to be sent by {@code keyId}; throws when they do not fit. A body larger than
     * a whole minute's allowance waits for a full bucket and leaves the rest as debt.
     */
    public void takeBytes(String keyId, long n) {
        if (bytesPerMinute > 0 && n > 0) {
            Bucket bucket = bytesOf(keyId);
            take(bucket, Math.min(n, bytesPerMinute), "bytes", bytesPerMinute);
            if (n > bytesPerMinute) {
                bucket.consumeIgnoringRateLimits(n - bytesPerMinute);
            }
        }
    }

    /** Whether bodies' bytes are limited at all. */
    public boolean limitsBytes() {
        return bytesPerMinute > 0;
    }

    /**
     * How much allowance a body of unknown length takes ahead of its reads: a store round trip per block
     * where the buckets are shared, and a small part of a small allowance, so that one body in flight
     * does not hold what another of the same key needs.
     */
    public long block() {
        return Math.clamp(bytesPerMinute / 16, 64 * 1024, 1024 * 1024);
    }

    /** Whether {@code keyId} has its whole minute's allowance of bytes: then one body may run past it, into debt. */
    public boolean fullAllowance(String keyId) {
        return bytesPerMinute > 0 && bytesOf(keyId).getAvailableTokens() >= bytesPerMinute;
    }

    /** Bytes already received past what was taken for them: counted, never refused. */
    public void chargeBytes(String keyId, long n) {
        if (bytesPerMinute > 0 && n > 0) {
            bytesOf(keyId).consumeIgnoringRateLimits(n);
        }
    }

    /**
     * Up to {@code n} bytes of {@code keyId}'s allowance, as many as are left now (0: none): for a body
     * of unknown length, taken in blocks as it is read.
     */
    public long takeAvailableBytes(String keyId, long n) {
        if (bytesPerMinute <= 0) {
            return n;
        }
        return bytesOf(keyId).tryConsumeAsMuchAsPossible(n);
    }

    /** Bytes taken ahead and not used, given back. */
    public void returnBytes(String keyId, long n) {
        if (bytesPerMinute > 0 && n > 0) {
            bytesOf(keyId).addTokens(n);
        }
    }

    /**
     * The refusal of a body of unknown length when {@code keyId}'s allowance is used up, after
     * {@code read} bytes of it (0: before it was read), with the wait for the next byte of allowance.
     */
    public RateLimitedException bytesUsedUp(String keyId, long read) {
        String where = read > 0 ? " partway through this body (" + read + " bytes read; nothing of it was kept)" : "";
        return refusal("bytes", bytesPerMinute, where, bytesOf(keyId).estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    private Bucket bytesOf(String keyId) {
        return bucket("bytes:" + keyId, bytes);
    }

    private Bucket bucket(String id, BucketConfiguration configuration) {
        return buckets.apply(id, configuration);
    }

    private static BucketConfiguration perMinute(long tokens) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(1, tokens)).refillGreedy(Math.max(1, tokens), Duration.ofMinutes(1)).build())
                .build();
    }

    private static void take(Bucket bucket, long n, String what, long perMinute) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(n);
        if (!probe.isConsumed()) {
            throw refusal(what, perMinute, "", probe.getNanosToWaitForRefill());
        }
    }

    /** 429 with the wait, in whole seconds rounded up, until the limit lets one more through. */
    private static RateLimitedException refusal(String what, long perMinute, String where, long nanosToWait) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait + 999_999_999L));
        return new RateLimitedException(what, "this key's limit of " + perMinute + " " + what + " a minute is used up" + where
                + "; retry in " + seconds + " s", (int) Math.min(Integer.MAX_VALUE, seconds));
    }

    /** A key over its limit; unlike {@link OverloadedException} the server is fine, the caller is too fast. */
    public static final class RateLimitedException extends RuntimeException {
        private final String limit;
        private final int retryAfterSeconds;

        RateLimitedException(String limit, String message, int retryAfterSeconds) {
            super(message);
            this.limit = limit;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** Which limit: {@code uploads} or {@code bytes} (a minute). */
        public String limit() {
            return limit;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
