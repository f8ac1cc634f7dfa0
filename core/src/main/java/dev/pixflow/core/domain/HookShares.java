package dev.pixflow.core.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one claim of webhook deliveries may take of each hook: {@code perHook} less those the claimer has
 * in flight to it (see {@code WebhookStore.claim}). Counts as the claim takes them; one claim's worth.
 */
public final class HookShares {
    private final int perHook;
    private final Map<String, Integer> taken;

    public HookShares(int perHook, Map<String, Integer> inFlight) {
        this.perHook = perHook;
        this.taken = new HashMap<>(inFlight);
    }

    /** The hooks whose share is in flight already: a claim need not read their deliveries at all. */
    public List<String> full() {
        return taken.entrySet().stream().filter(h -> h.getValue() >= perHook).map(Map.Entry::getKey).sorted().toList();
    }

    /** Whether the claim may take another delivery of {@code hook}. */
    public boolean room(String hook) {
        return taken.getOrDefault(hook, 0) < perHook;
    }

    /** The claim took a delivery of {@code hook}. */
    public void took(String hook) {
        taken.merge(hook, 1, Integer::sum);
    }
}
