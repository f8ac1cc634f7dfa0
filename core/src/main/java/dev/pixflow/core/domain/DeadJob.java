package dev.pixflow.core.domain;

import java.time.Instant;

/** A job that used up its attempts, kept with its last error until redriven. */
public record DeadJob(long id, JobSpec spec, int attempts, String lastError, Instant diedAt) {
}
