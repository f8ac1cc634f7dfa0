package dev.pixflow.core.domain;

import java.util.Optional;

/**
 * An asked-for rendition as its removal found it: the request, and what had been made under it (none
 * when it was removed while pending or after it failed).
 */
public record RemovedRendition(RenditionRequest request, Optional<Rendition> made) {
    /**
     * The error a store gives the tombstone of a request removed before anything was made under it, so
     * that its name is free again, as after a failure.
     */
    public static final String NEVER_MADE = "removed before it was made";
}
