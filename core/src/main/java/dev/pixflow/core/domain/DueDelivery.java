package dev.pixflow.core.domain;

/**
 * A delivery a dispatcher has claimed until its lease ends: {@code attempt} counts this one. Only the
 * holder of {@code leaseToken} may record how it went.
 */
public record DueDelivery(long id, Webhook hook, LoggedEvent event, int attempt, String leaseToken) {
}
