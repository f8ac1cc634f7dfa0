package dev.pixflow.core.domain;

import java.time.Instant;

/**
 * A job a worker holds until {@code leaseUntil}. The lease token proves ownership: a worker whose lease
 * ran out (and whose job went to another) can no longer acknowledge or fail it.
 */
public record LeasedJob(long id, JobSpec spec, int attempt, int maxAttempts, String leaseToken, Instant leaseUntil) {
    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
